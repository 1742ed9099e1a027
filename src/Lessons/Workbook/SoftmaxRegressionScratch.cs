// Workbook: Softmax regression from scratch — d2l 0.17 §3.6 / current edition §4.4.
//
// Replace each `throw` with your own code, then check your steps (read the section first; ask for a hint when stuck):
//     dotnet run --project src/Lessons -- check softmax-scratch --watch     (re-checks each time you save)
//     dotnet run --project src/Lessons -- hint softmax-scratch.<Step>        (the idea, then a nudge, then the code)
//     dotnet run --project src/Lessons -- run softmax-scratch --workbook     (your steps train on the real data)
// A step that still throws NotImplementedException is "not started", never a failure.
using Lessons.Data;
using Lessons.Steps;

namespace Lessons.Workbook;

/// <summary>Your softmax regression from scratch (§3.6): softmax, cross-entropy, accuracy, two exercises.</summary>
public sealed class SoftmaxRegressionScratch : ISoftmaxRegressionScratchSteps
{
    /// <summary>§3.6.2, d2l's <c>softmax</c>, exactly as the book writes it.</summary>
    public Tensor Softmax(Tensor X) =>
        throw new NotImplementedException(
            "hint: softmax turns each row of logits into probabilities: exponentiate every entry, so all are " +
            "positive, then divide each row by its own total, so each row sums to one — d2l §3.6.2");

    /// <summary>§3.6.4, d2l's <c>cross_entropy</c>: −log of the true label's probability.</summary>
    public Tensor CrossEntropy(Tensor yHat, Tensor y) =>
        throw new NotImplementedException(
            "hint: the loss of one example is minus the log of the probability the model gave its true label: " +
            "pick one entry per row, the one in the label's column — d2l §3.6.4");

    /// <summary>§3.6.5, d2l's <c>accuracy</c>: the number of correct predictions.</summary>
    public Tensor Accuracy(Tensor yHat, Tensor y) =>
        throw new NotImplementedException(
            "hint: a prediction is the class with the largest probability in its row; count how many " +
            "predictions equal the labels — a count, not a fraction, so that batches of different sizes can " +
            "be added up — d2l §3.6.5");

    /// <summary>§3.6.5, d2l's <c>evaluate_accuracy</c>: accuracy over a whole dataset.</summary>
    public double EvaluateAccuracy(Func<Tensor, Tensor> net, IEnumerable<Batch> dataIter) =>
        throw new NotImplementedException(
            "hint: the accuracy over a dataset is all the correct predictions divided by all the examples; " +
            "add up the counts of every batch first and divide once at the end, because the last batch may be " +
            "shorter — d2l §3.6.5");

    /// <summary>Exercise of §3.6: a softmax that does not overflow at exp(100) in float32.</summary>
    public Tensor StableSoftmax(Tensor X) =>
        throw new NotImplementedException(
            "hint: softmax does not change when the same number is subtracted from a whole row; subtract each " +
            "row's own maximum, so the largest exponential is one and nothing overflows — and no row of very " +
            "negative logits underflows to zero over zero — §3.6's exercises");

    /// <summary>Exercise of §3.6: the cross-entropy from the logits, never log 0.</summary>
    public Tensor CrossEntropyFromLogits(Tensor o, Tensor y) =>
        throw new NotImplementedException(
            "hint: minus the log of a softmax probability is the log of the sum of the row's exponentials " +
            "minus the true class's logit: computed that way, with the row's maximum taken out, it never " +
            "takes the log of zero — §3.6's exercises");
}
