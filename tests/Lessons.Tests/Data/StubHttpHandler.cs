using System.Net;

namespace Lessons.Tests.Data;

/// <summary>Serves fixed bytes per URL, 404 for the rest, records every request; never uses the network.</summary>
internal sealed class StubHttpHandler(Dictionary<string, byte[]> responses) : HttpMessageHandler
{
    public List<string> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancel)
    {
        var url = request.RequestUri!.ToString();
        lock (Requests)
        {
            Requests.Add(url);
        }

        var response = responses.TryGetValue(url, out var body)
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) }
            : new HttpResponseMessage(HttpStatusCode.NotFound) { ReasonPhrase = "Not Found" };
        return Task.FromResult(response);
    }
}
