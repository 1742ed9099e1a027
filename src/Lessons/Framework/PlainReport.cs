using System.Diagnostics;
using System.Globalization;

namespace Lessons.Framework;

/// <summary>The lesson's story as plain lines: for redirected output, CI logs and anyone who wants to grep
/// it.</summary>
public sealed class PlainReport(TextWriter output) : ILessonReport
{
    /// <inheritdoc/>
    public void Say(string text) => output.WriteLine(text);

    /// <inheritdoc/>
    public void Section(string title) => output.WriteLine($"\n== {title}");

    /// <inheritdoc/>
    public void Value(string name, double value, string? note = null) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {value:G6}")
            + (note is null ? "" : $"  ({note})"));

    /// <inheritdoc/>
    public void Figure(string path, string description) => output.WriteLine($"wrote {path}: {description}");

    /// <inheritdoc/>
    public ITrainingProgress StartTraining(int epochs, int examplesPerEpoch) => new Progress(output, epochs);

    private sealed class Progress(TextWriter output, int epochs) : ITrainingProgress
    {
        private readonly Stopwatch epochWatch = Stopwatch.StartNew();
        private long examples;

        public void Advance(int count) => examples += count;

        public void EndEpoch(int epoch, IReadOnlyDictionary<string, double> metrics)
        {
            var rate = examples / Math.Max(epochWatch.Elapsed.TotalSeconds, 1e-9);
            var values = string.Join(", ",
                metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F4}")));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch}/{epochs}: {values} ({rate:N0} examples/s, {epochWatch.Elapsed.TotalSeconds:F2} s)"));
            examples = 0;
            epochWatch.Restart();
        }

        public void Dispose()
        {
        }
    }
}
