using Lessons.Framework;

namespace Lessons.Tests.Support;

/// <summary>Collects what a lesson reports, so tests can read its story back.</summary>
public sealed class RecordingReport : ILessonReport
{
    /// <summary>Every line said, section titles included (prefixed "== ").</summary>
    public List<string> Lines { get; } = [];

    /// <summary>Named values.</summary>
    public Dictionary<string, double> Values { get; } = [];

    /// <summary>Figures written: path → description.</summary>
    public Dictionary<string, string> Figures { get; } = [];

    /// <summary>Per training run, the metrics of each epoch.</summary>
    public List<List<IReadOnlyDictionary<string, double>>> Runs { get; } = [];

    public void Say(string text) => Lines.Add(text);

    public void Section(string title) => Lines.Add("== " + title);

    public void Value(string name, double value, string? note = null) => Values[name] = value;

    public void Figure(string path, string description) => Figures[path] = description;

    public ITrainingProgress StartTraining(int epochs, int examplesPerEpoch)
    {
        var run = new List<IReadOnlyDictionary<string, double>>();
        Runs.Add(run);
        return new Progress(run);
    }

    private sealed class Progress(List<IReadOnlyDictionary<string, double>> run) : ITrainingProgress
    {
        public int Examples { get; private set; }

        public void Advance(int examples) => Examples += examples;

        public void EndEpoch(int epoch, IReadOnlyDictionary<string, double> metrics) => run.Add(metrics);

        public void Dispose()
        {
        }
    }
}
