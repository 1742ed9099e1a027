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
    /// The implementation of the book's functions the run uses: the reference (the lessons themselves), or with
    /// <c>lessons run --workbook</c> the learner's workbook, steps not started filled in from the reference
    /// (<see cref="WorkbookRun"/>).
    /// </summary>
    public StepTarget Steps { get; init; } = StepTarget.Reference;

    /// <summary>The learner's steps the run uses, named in a divergence message; empty for the reference.</summary>
    public IReadOnlyList<string> LearnerSteps { get; init; } = [];

    /// <summary>
    /// Stops a training run whose loss is no longer a number (NaN or ±∞): nothing after it would mean anything. With
    /// the learner's steps, the message names them, as the likely cause.
    /// </summary>
    public void CheckLoss(int epoch, double loss)
    {
        if (double.IsFinite(loss))
        {
            return;
        }

        var value = double.IsNaN(loss) ? "NaN" : loss > 0 ? "∞" : "−∞";
        var cause = LearnerSteps.Count > 0
            ? $" The run used your {string.Join(", ", LearnerSteps)}: the likely cause is one of them (a softmax " +
                "that overflows, a log of 0, an update that is too large or has the wrong sign) — run lessons check " +
                "on them, or compare with the reference by leaving out --workbook."
            : $" The learning rate{(Options.Lr is { } lr ? $" {lr}" : "")} may be too large for this model.";
        throw new TrainingDivergedException($"training diverged: the loss is {value} after epoch {epoch}.{cause}");
    }

    /// <summary>The folder for this lesson's figures, created on first use.</summary>
    public string OutputDirectory(string lesson)
    {
        var directory = Options.OutDir ?? Path.Combine("out", lesson);
        Directory.CreateDirectory(directory);
        return directory;
    }
}

/// <summary>Overrides from the command line; null means the book's value.</summary>
/// <param name="Epochs">Number of epochs.</param>
/// <param name="BatchSize">Minibatch size.</param>
/// <param name="Lr">Learning rate.</param>
/// <param name="Seed">Seed of every random draw.</param>
/// <param name="Quick">Reduced sizes, for CI: every lesson in seconds.</param>
/// <param name="OutDir">Where figures go; default out/&lt;lesson&gt;/.</param>
/// <param name="Offline">Never download a dataset.</param>
/// <param name="LearningRates">Several learning rates (<c>--lr 0.003,0.03,0.3</c>): a lesson that supports it
/// trains once per rate and overlays the curves; <paramref name="Lr"/> is the first.</param>
public sealed record LessonOptions(
    int? Epochs = null, int? BatchSize = null, double? Lr = null, int Seed = 0, bool Quick = false,
    string? OutDir = null, bool Offline = false, IReadOnlyList<double>? LearningRates = null);

/// <summary>The named figures of a run, printed by <c>--json</c> (e.g. train_loss, test_acc, w_error).</summary>
public sealed class LessonResult : Dictionary<string, object>
{
}

/// <summary>A training run stopped because its loss became NaN or infinite; the message says why and where to
/// look.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>A divergence with its message.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>A divergence with no message (use the other constructors).</summary>
    public TrainingDivergedException()
        : this("training diverged.")
    {
    }

    /// <summary>A divergence caused by another exception.</summary>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
