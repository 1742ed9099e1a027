using System.Text.Json.Nodes;

namespace Lessons.Benchmarks;

/// <summary>The figures measured on one backend, in the order they were taken.</summary>
/// <param name="Backend">The backend's configuration name ("cpu", "opencl").</param>
/// <param name="Device">The device in a few words, as the backend names it.</param>
public sealed record BackendFigures(string Backend, string Device)
{
    private readonly List<(string Key, Measurement Figure)> figures = [];
    private readonly List<(string Key, string Error)> failures = [];

    /// <summary>Every figure by its JSON key, in the order measured.</summary>
    public IReadOnlyList<(string Key, Measurement Figure)> Figures => figures;

    /// <summary>The figure named <paramref name="key"/>, or null when it was not measured.</summary>
    public Measurement? this[string key] => figures.FirstOrDefault(f => f.Key == key).Figure;

    /// <summary>Figures that could not be taken, with the error each raised.</summary>
    public IReadOnlyList<(string Key, string Error)> Failures => failures;

    /// <summary>Records a figure under its JSON key.</summary>
    public void Add(string key, Measurement figure) => figures.Add((key, figure));

    /// <summary>Records that the figure <paramref name="key"/> failed with <paramref name="error"/>.</summary>
    public void Fail(string key, string error) => failures.Add((key, error));

    /// <summary>{ "device": ..., "figures": { key: figure, ... }, "failed": { key: error, ... } }.</summary>
    public JsonObject ToJson()
    {
        var byKey = new JsonObject();
        foreach (var (key, figure) in figures)
        {
            byKey[key] = figure.ToJson();
        }

        var failed = new JsonObject();
        foreach (var (key, error) in failures)
        {
            failed[key] = error;
        }

        return new JsonObject { ["device"] = Device, ["figures"] = byKey, ["failed"] = failed };
    }
}
