using Lessons.Data;

namespace Lessons.Steps;

/// <summary>
/// The steps a learner writes for softmax regression from scratch — d2l 0.17 §3.6 / current edition §4.4: the
/// book's functions, and two of the section's exercises.
/// </summary>
public interface ISoftmaxRegressionScratchSteps
{
    /// <summary>d2l's <c>softmax</c> (§3.6.2), as the book writes it: exp, then divide each row by its sum.</summary>
    Tensor Softmax(Tensor X);

    /// <summary>
    /// d2l's <c>cross_entropy</c> (§3.6.4): −log of the probability <paramref name="yHat"/> gives each true label,
    /// one loss per example (shape (n)).
    /// </summary>
    Tensor CrossEntropy(Tensor yHat, Tensor y);

    /// <summary>d2l's <c>accuracy</c> (§3.6.5): the number of correct predictions, as a one-element tensor.</summary>
    Tensor Accuracy(Tensor yHat, Tensor y);

    /// <summary>d2l's <c>evaluate_accuracy</c> (§3.6.5): the accuracy of <paramref name="net"/> on a dataset.</summary>
    double EvaluateAccuracy(Func<Tensor, Tensor> net, IEnumerable<Batch> dataIter);

    /// <summary>
    /// An exercise of §3.6: a softmax that does not overflow — the same result as <see cref="Softmax"/> wherever that
    /// one is finite, and finite for logits such as 100 in float32.
    /// </summary>
    Tensor StableSoftmax(Tensor X);

    /// <summary>
    /// An exercise of §3.6: the cross-entropy straight from the logits <paramref name="o"/> (n, q), one loss per
    /// example, finite where softmax would round a probability to 0.
    /// </summary>
    Tensor CrossEntropyFromLogits(Tensor o, Tensor y);
}
