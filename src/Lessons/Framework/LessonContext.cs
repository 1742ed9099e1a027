using Lessons.Backends;
using Lessons.Steps;

namespace Lessons.Framework;

/// <summary>What a lesson run gets from the command line: its options, where to report, where to write
/// figures.</summary>
/// <param name="Options">Hyperparameter overrides and run switches.</param>
/// <param name="Report">Where the lesson tells its story.</param>
/// <param name="Backend">The backend the run uses (also <see cref="Backends.Backend.Current"/> during the run).</param>
public sealed record LessonContext(LessonOptions Options, ILessonReport Report, IBackend Backend)
{
    /// <summary>
    /// More likely causes <see cref="Divergence.Check"/> names when training diverges, after "the learning rate is
    /// likely too large" (a workbook run adds the learner's steps involved).
    /// </summary>
    public IReadOnlyList<string> DivergenceCauses { get; init; } = [];

    /// <summary>
    /// The implementation of the book's functions the run uses: the reference (the lessons themselves), or with
    /// <c>lessons run --workbook</c> the learner's workbook, steps not started filled in from the reference
    /// (<see cref="WorkbookRun"/>).
    /// </summary>
    public StepTarget Steps { get; init; } = StepTarget.Reference;

    /// <summary>The folder for this lesson's figures, created on first use.</summary>
    public string OutputDirectory(string lesson)
    {
        var directory = DefaultOutputDirectory(Options, lesson);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>
    /// Where a lesson's figures go: <c>--out</c> when given, else <c>out/&lt;lesson&gt;/</c>, and for a
    /// <c>--quick</c> run <c>out/quick/&lt;lesson&gt;/</c>, so a quick look never overwrites a full run's figures.
    /// </summary>
    public static string DefaultOutputDirectory(LessonOptions options, string lesson) =>
        options.OutDir ?? (options.Quick ? Path.Combine("out", "quick", lesson) : Path.Combine("out", lesson));
}

/// <summary>Overrides from the command line; null means the book's value.</summary>
/// <param name="Epochs">Number of epochs.</param>
/// <param name="BatchSize">Minibatch size.</param>
/// <param name="Lr">Learning rate.</param>
/// <param name="Seed">Seed of every random draw.</param>
/// <param name="Quick">Reduced sizes, for CI: every lesson in seconds.</param>
/// <param name="OutDir">Where figures go; default out/&lt;lesson&gt;/ (out/quick/&lt;lesson&gt;/ with
/// <paramref name="Quick"/>).</param>
/// <param name="Offline">Never download a dataset.</param>
/// <param name="Dataset">The dataset to train on, by its <c>--dataset</c> name (one of the lesson's
/// <see cref="ILesson.Datasets"/>); null for the lesson's default.</param>
/// <param name="LearningRates">Several learning rates (<c>--lr 0.003,0.03,0.3</c>): a lesson that supports it
/// trains once per rate and overlays the curves; <paramref name="Lr"/> is the first.</param>
public sealed record LessonOptions(
    int? Epochs = null, int? BatchSize = null, double? Lr = null, int Seed = 0, bool Quick = false,
    string? OutDir = null, bool Offline = false, string? Dataset = null,
    IReadOnlyList<double>? LearningRates = null);

/// <summary>The named figures of a run, printed by <c>--json</c> (e.g. train_loss, test_acc, w_error).</summary>
public sealed class LessonResult : Dictionary<string, object>
{
}
