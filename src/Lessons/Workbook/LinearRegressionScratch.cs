// Workbook: Linear regression from scratch — d2l 0.17 §3.2 / current edition §3.4.
//
// Replace each `throw` with your own code, then check your steps:
//     LESSONS_TARGET=workbook dotnet test tests/Lessons.Tests --filter Category=Workbook
// or see every lesson's progress at a glance:
//     dotnet run --project src/Lessons -- progress
// A step that still throws NotImplementedException is "not started", never a failure. The reference solution is
// src/Lessons/Chapter3/LinearRegressionScratch.cs (and LinearRegressionScratch.Steps.cs for the exercises).
using Lessons.Random;
using Lessons.Steps;

namespace Lessons.Workbook;

/// <summary>Your linear regression from scratch (§3.2): only tensors and autograd.</summary>
public sealed class LinearRegressionScratch : ILinearRegressionScratchSteps
{
    /// <summary>§3.2.1, d2l's <c>synthetic_data</c>: X ~ N(0, 1), y = Xw + b + noise.</summary>
    public (Tensor Features, Tensor Labels) SyntheticData(Tensor w, double b, int numExamples, Generator generator,
        double noise = 0.01) =>
        throw new NotImplementedException(
            "hint: X = Tensor.Normal(0, 1, [n, w.Numel], generator), y = X·w + b + N(0, noise²) as a column — §3.2.1");

    /// <summary>§3.2.2, d2l's <c>data_iter</c>: minibatches in a random order.</summary>
    public IEnumerable<(Tensor X, Tensor y)> DataIter(int batchSize, Tensor features, Tensor labels,
        Generator generator) =>
        throw new NotImplementedException(
            "hint: order = generator.Permutation(n); yield IndexSelect(0, …) of each slice of batchSize — §3.2.2");

    /// <summary>§3.2.4, d2l's <c>linreg</c>: the model ŷ = Xw + b.</summary>
    public Tensor Linreg(Tensor X, Tensor w, Tensor b) =>
        throw new NotImplementedException("hint: X.MatMul(w) + b; broadcasting adds b to every row — see d2l §3.2.4");

    /// <summary>§3.2.5, d2l's <c>squared_loss</c>: (ŷ − y)²/2 per example.</summary>
    public Tensor SquaredLoss(Tensor yHat, Tensor y) =>
        throw new NotImplementedException(
            "hint: (yHat − y reshaped to yHat's shape)² / 2 — why the reshape? try y of shape (n) — §3.2.5");

    /// <summary>§3.2.6, d2l's <c>sgd</c>: one minibatch step, in place.</summary>
    public void Sgd(Tensor[] parameters, double lr, int batchSize) =>
        throw new NotImplementedException(
            "hint: inside Tensor.NoGrad(), param -= lr * param.Grad / batchSize, then param.ZeroGrad() — §3.2.6");

    /// <summary>Exercise of §3.2: initialise w and b to zero — does training still work?</summary>
    public (Tensor w, Tensor b) InitZeroParams(int numInputs) =>
        throw new NotImplementedException(
            "hint: Tensor.Zeros([numInputs, 1], requiresGrad: true) and Tensor.Zeros([1], …) — §3.2's exercises");

    /// <summary>Exercise of §3.2: what if n is not a multiple of the batch size? Leave the short batch out.</summary>
    public IEnumerable<(Tensor X, Tensor y)> DataIterDropLast(int batchSize, Tensor features, Tensor labels,
        Generator generator) =>
        throw new NotImplementedException(
            "hint: your DataIter, but stop before a batch with fewer than batchSize examples — §3.2's exercises");
}
