using System.Globalization;
using Lessons.Chapter3;

namespace Lessons.Steps.Checks;

/// <summary>The check of softmax regression, concisely (d2l 0.17 §3.7 / current §4.5).</summary>
internal static class SoftmaxRegressionConciseChecks
{
    private const string Lesson = "softmax-concise";

    /// <summary>The book's test accuracy at seed 0: 10 epochs, batch 256, lr 0.1.</summary>
    private const double BookAccuracy = 0.822;

    /// <summary>The lesson's checks.</summary>
    public static IReadOnlyList<StepCheck> All { get; } =
    [
        new StepCheck<ISoftmaxRegressionConciseSteps>(Lesson, nameof(ISoftmaxRegressionConciseSteps.BeatTheBook),
            "exercise: hyperparameters that beat the book's test accuracy of 0.822 (trains on Fashion-MNIST)",
            BeatTheBook),
    ];

    private static void BeatTheBook(ISoftmaxRegressionConciseSteps steps)
    {
        var (batchSize, numEpochs, lr) = steps.BeatTheBook();
        var choice = $"batch {batchSize}, {numEpochs} epochs, lr {Expect.Format(lr)}";
        Expect.That(batchSize is >= 1 and <= 60000, $"BeatTheBook: {choice}: the batch size must be between 1 " +
            "and the 60,000 training images");
        Expect.That(numEpochs >= 1, $"BeatTheBook: {choice}: train for at least one epoch");
        Expect.That(double.IsFinite(lr) && lr > 0, $"BeatTheBook: {choice}: the learning rate must be a finite " +
            "number above 0");
        var stepsTaken = (long)numEpochs * ((60000 + batchSize - 1) / batchSize);
        var budget = SoftmaxRegressionConcise.StepBudget;
        var taken = stepsTaken.ToString("N0", CultureInfo.InvariantCulture);
        var limit = budget.ToString("N0", CultureInfo.InvariantCulture);
        Expect.That(stepsTaken <= budget, $"BeatTheBook: {choice} takes {taken} minibatch steps, over the " +
            $"exercise's budget of {limit} (the book's recipe takes 2,350): a smaller batch buys more steps per " +
            "epoch, but each is noisier and they cost the same — trade epochs against batch size");
        var accuracy = SoftmaxRegressionConcise.TestAccuracy(batchSize, numEpochs, lr);
        Expect.That(accuracy >= 0.5, $"BeatTheBook: {choice} reached a test accuracy of " +
            $"only {Expect.Format(accuracy)}: a learning rate this large makes every step overshoot, so the loss " +
            "grows instead of falling — larger is not faster past a point; go back toward the book's 0.1");
        Expect.That(accuracy > BookAccuracy, $"BeatTheBook: {choice} reached a test accuracy of " +
            $"{Expect.Format(accuracy)}, not above the book's {BookAccuracy}: the book's run stops with the loss " +
            "still falling, so more learning at a rate that stays stable is what helps; a larger rate or a smaller " +
            "batch at the same rate mostly adds noise");
    }
}
