namespace Lessons.Framework;

/// <summary>
/// Where a lesson tells its story: sentences, named values, training progress and figures. The command line
/// shows it live with Spectre.Console, or as plain lines when output is redirected or CI is set; tests collect it.
/// </summary>
public interface ILessonReport
{
    /// <summary>A line of narrative.</summary>
    void Say(string text);

    /// <summary>A heading for the next part of the lesson.</summary>
    void Section(string title);

    /// <summary>A named number, with an optional note (e.g. the value the notes print, flagged as wrong).</summary>
    void Value(string name, double value, string? note = null);

    /// <summary>A file the lesson wrote (an SVG plot, a PNG grid).</summary>
    void Figure(string path, string description);

    /// <summary>Starts a training run of <paramref name="epochs"/> epochs of <paramref name="examplesPerEpoch"/>
    /// examples.</summary>
    ITrainingProgress StartTraining(int epochs, int examplesPerEpoch);
}

/// <summary>Live progress of a training run: examples within the epoch, then a table row per epoch.</summary>
public interface ITrainingProgress : IDisposable
{
    /// <summary>Counts <paramref name="examples"/> more examples of the current epoch.</summary>
    void Advance(int examples);

    /// <summary>Ends an epoch with its metrics (name → value, e.g. "train loss" → 0.52).</summary>
    void EndEpoch(int epoch, IReadOnlyDictionary<string, double> metrics);
}
