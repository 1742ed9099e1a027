using Lessons.Framework;

namespace Lessons.Cli;

/// <summary>
/// The report of a command-line run: passes everything to the live or plain report, remembers every file a lesson
/// says it wrote (for the list at the end), and stops the lesson at its next step once Ctrl-C was pressed — during
/// training that is the next minibatch, since progress is counted per batch.
/// </summary>
/// <param name="inner">The report the user sees.</param>
/// <param name="cancellation">Cancelled by Ctrl-C.</param>
public sealed class RunReport(ILessonReport inner, CancellationToken cancellation) : ILessonReport
{
    private readonly List<string> written = [];

    /// <summary>Every file reported as written, in order, without repeats.</summary>
    public IReadOnlyList<string> Written => written;

    /// <inheritdoc/>
    public void Say(string text)
    {
        cancellation.ThrowIfCancellationRequested();
        inner.Say(text);
    }

    /// <inheritdoc/>
    public void Section(string title)
    {
        cancellation.ThrowIfCancellationRequested();
        inner.Section(title);
    }

    /// <inheritdoc/>
    public void Value(string name, double value, string? note = null)
    {
        cancellation.ThrowIfCancellationRequested();
        inner.Value(name, value, note);
    }

    /// <inheritdoc/>
    public void Figure(string path, string description)
    {
        // Never cancelled: a run that stops still says which figure it left.
        if (!written.Contains(path))
        {
            written.Add(path);
        }

        inner.Figure(path, description);
    }

    /// <inheritdoc/>
    public ITrainingProgress StartTraining(int epochs, int examplesPerEpoch)
    {
        cancellation.ThrowIfCancellationRequested();
        return new Progress(inner.StartTraining(epochs, examplesPerEpoch), cancellation);
    }

    private sealed class Progress(ITrainingProgress inner, CancellationToken cancellation) : ITrainingProgress
    {
        public void Advance(int examples)
        {
            cancellation.ThrowIfCancellationRequested();
            inner.Advance(examples);
        }

        public void EndEpoch(int epoch, IReadOnlyDictionary<string, double> metrics) => inner.EndEpoch(epoch, metrics);

        public void Dispose() => inner.Dispose();
    }
}
