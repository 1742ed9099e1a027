// Workbook: Softmax regression from scratch — d2l 0.17 §3.6 / current edition §4.4.
//
// Replace each `throw` with your own code, then check your steps:
//     LESSONS_TARGET=workbook dotnet test tests/Lessons.Tests --filter Category=Workbook
// or see every lesson's progress at a glance:
//     dotnet run --project src/Lessons -- progress
// A step that still throws NotImplementedException is "not started", never a failure. The reference solution is
// src/Lessons/Chapter3/SoftmaxRegressionScratch.cs (and SoftmaxRegressionScratch.Steps.cs for the exercises).
using Lessons.Data;
using Lessons.Steps;

namespace Lessons.Workbook;

/// <summary>Your softmax regression from scratch (§3.6): softmax, cross-entropy, accuracy, two exercises.</summary>
public sealed class SoftmaxRegressionScratch : ISoftmaxRegressionScratchSteps
{
    /// <summary>§3.6.2, d2l's <c>softmax</c>, exactly as the book writes it.</summary>
    public Tensor Softmax(Tensor X) =>
        throw new NotImplementedException(
            "hint: XExp = X.Exp(); divide by XExp.Sum(1, keepDim: true) — broadcasting does each row — §3.6.2");

    /// <summary>§3.6.4, d2l's <c>cross_entropy</c>: −log of the true label's probability.</summary>
    public Tensor CrossEntropy(Tensor yHat, Tensor y) =>
        throw new NotImplementedException(
            "hint: y_hat[range(n), y] is yHat.Gather(1, y.Reshape(-1, 1)); then −Log, reshaped to (n) — §3.6.4");

    /// <summary>§3.6.5, d2l's <c>accuracy</c>: the number of correct predictions.</summary>
    public Tensor Accuracy(Tensor yHat, Tensor y) =>
        throw new NotImplementedException(
            "hint: yHat.ArgMax(1) gives each row's prediction; count where .Eq(y), with .Sum() — see d2l §3.6.5");

    /// <summary>§3.6.5, d2l's <c>evaluate_accuracy</c>: accuracy over a whole dataset.</summary>
    public double EvaluateAccuracy(Func<Tensor, Tensor> net, IEnumerable<Batch> dataIter) =>
        throw new NotImplementedException(
            "hint: sum Accuracy(net(X), y) and y.Numel over every batch, then divide the totals — d2l §3.6.5");

    /// <summary>Exercise of §3.6: a softmax that does not overflow at exp(100) in float32.</summary>
    public Tensor StableSoftmax(Tensor X) =>
        throw new NotImplementedException(
            "hint: softmax(X) = softmax(X − c): subtract X.Max(1, keepDim: true) before Exp — §3.6's exercises");

    /// <summary>Exercise of §3.6: the cross-entropy from the logits, never log 0.</summary>
    public Tensor CrossEntropyFromLogits(Tensor o, Tensor y) =>
        throw new NotImplementedException(
            "hint: −log softmax(o)ᵧ = log Σ exp(o) − oᵧ; compute the log-sum-exp with the row max taken out — §3.6");
}
