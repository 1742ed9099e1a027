namespace Lessons.Framework;

/// <summary>
/// The book's hyperparameters for one training recipe of a lesson: what <c>--epochs</c>, <c>--batch-size</c> and
/// <c>--lr</c> default to, shown by <c>lessons run &lt;lesson&gt; --help</c>.
/// </summary>
/// <param name="Recipe">Which training this is, when a lesson has several (e.g. "d2l's MLP"); empty otherwise.</param>
/// <param name="Epochs">Number of epochs.</param>
/// <param name="QuickEpochs">Number of epochs with <c>--quick</c>.</param>
/// <param name="BatchSize">Minibatch size.</param>
/// <param name="Lr">Learning rate.</param>
public sealed record Hyperparameters(string Recipe, int Epochs, int QuickEpochs, int BatchSize, double Lr)
{
    /// <summary>The values a run uses: the command line's where given, else these.</summary>
    public (int BatchSize, double Lr, int NumEpochs) Resolve(LessonOptions o) =>
        (o.BatchSize ?? BatchSize, o.Lr ?? Lr, o.Epochs ?? (o.Quick ? QuickEpochs : Epochs));
}
