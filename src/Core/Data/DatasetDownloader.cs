namespace Lessons.Data;

/// <summary>
/// Fetches a dataset file from its mirrors into a folder, safely: the body goes to a temporary file beside the
/// target, is verified (published <c>.gz</c> SHA-256, or the decompressed SHA-256 when a mirror repacked it),
/// and only then moved into place. An interrupted or wrong download never leaves a file that looks real.
/// </summary>
internal sealed class DatasetDownloader : IDisposable
{
    private readonly DatasetSpec spec;
    private readonly HttpClient client;

    /// <summary>A downloader for <paramref name="spec"/>'s mirrors via <paramref name="handler"/> (null: a real one).
    /// </summary>
    public DatasetDownloader(DatasetSpec spec, HttpMessageHandler? handler)
    {
        this.spec = spec;
        client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.Timeout = TimeSpan.FromMinutes(10);
    }

    /// <summary>
    /// Downloads <paramref name="file"/> into <paramref name="folder"/> from the first mirror that serves a
    /// verified copy and returns its path; throws listing every URL tried and what went wrong there.
    /// </summary>
    public string Download(DatasetFile file, string folder)
    {
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, file.GzipName);
        var attempts = new List<string>();
        foreach (var mirror in spec.Mirrors)
        {
            var url = new Uri(mirror, file.GzipName);
            try
            {
                AtomicFile.Write(target, temp => Fetch(url, file, temp));
                return target;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException
                                          or DatasetException)
            {
                attempts.Add($"{url}: {e.Message}");
            }
        }

        throw new DatasetException(
            $"Could not download {spec.Name}'s {file.GzipName}:{Environment.NewLine}" +
            string.Join(Environment.NewLine, attempts.Select(a => "  - " + a)),
            target);
    }

    private void Fetch(Uri url, DatasetFile file, string temp)
    {
        using var response = client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        // A compressed file is smaller than the data; anything far larger is not the file asked for.
        var limit = file.Length + (1 << 20);
        using (var body = response.Content.ReadAsStream())
        using (var output = File.Create(temp))
        {
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = body.Read(buffer)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    throw new DatasetException($"the response exceeds {limit} bytes; expected a gzip file.", temp);
                }

                output.Write(buffer, 0, read);
            }
        }

        // Check exactly what will be kept: parse the downloaded bytes (named by URL in messages) and verify them.
        var bytes = File.ReadAllBytes(temp);
        var idx = IdxReader.Parse(url.ToString(), bytes, file.Magic);
        Checksums.Verify(spec.Name, file, url.ToString(), bytes, idx);
    }

    /// <summary>Releases the HTTP client (never an injected handler).</summary>
    public void Dispose() => client.Dispose();
}
