using Lessons.Data;
using Lessons.Steps;

namespace Lessons.Chapter3;

// The steps of this lesson a learner writes in the workbook (src/Lessons/Workbook/SoftmaxRegressionScratch.cs): the
// step checks run them here, on the reference, in CI. The exercises' answers live here too, out of the lesson's way.
public sealed partial class SoftmaxRegressionScratch : ISoftmaxRegressionScratchSteps
{
    /// <summary>
    /// The answer to an exercise of §3.6: softmax(X) = softmax(X − c) for any c per row, so subtracting each row's
    /// maximum leaves the result unchanged and makes the largest exponent e⁰ = 1: nothing overflows, and the row sum
    /// is at least 1, so nothing divides by zero.
    /// </summary>
    public static Tensor StableSoftmax(Tensor X)
    {
        var XExp = (X - X.Max(1, keepDim: true)).Exp();
        return XExp / XExp.Sum(1, keepDim: true);
    }

    /// <summary>
    /// The answer to an exercise of §3.6: log softmax(o)ᵧ = oᵧ − log Σⱼ exp(oⱼ), with the log-sum-exp computed
    /// after subtracting the row maximum, so the loss is −oᵧ + m + log Σⱼ exp(oⱼ − m) and never log 0.
    /// </summary>
    public static Tensor CrossEntropyFromLogits(Tensor o, Tensor y)
    {
        var m = o.Max(1, keepDim: true);
        var logSumExp = (o - m).Exp().Sum(1, keepDim: true).Log() + m;
        return (logSumExp - o.Gather(1, y.Reshape(-1, 1))).Reshape(-1);
    }

    Tensor ISoftmaxRegressionScratchSteps.Softmax(Tensor X) => Softmax(X);

    Tensor ISoftmaxRegressionScratchSteps.CrossEntropy(Tensor yHat, Tensor y) => CrossEntropy(yHat, y);

    Tensor ISoftmaxRegressionScratchSteps.Accuracy(Tensor yHat, Tensor y) => Accuracy(yHat, y);

    double ISoftmaxRegressionScratchSteps.EvaluateAccuracy(Func<Tensor, Tensor> net, IEnumerable<Batch> dataIter) =>
        EvaluateAccuracy(net, dataIter);

    Tensor ISoftmaxRegressionScratchSteps.StableSoftmax(Tensor X) => StableSoftmax(X);

    Tensor ISoftmaxRegressionScratchSteps.CrossEntropyFromLogits(Tensor o, Tensor y) => CrossEntropyFromLogits(o, y);
}
