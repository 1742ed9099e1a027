// Workbook: Convolutions — d2l 0.17 §6.2–6.3 / current edition §7.2–7.3.
//
// Replace each `throw` with your own code, then check your steps:
//     LESSONS_TARGET=workbook dotnet test tests/Lessons.Tests --filter Category=Workbook
// or see every lesson's progress at a glance:
//     dotnet run --project src/Lessons -- progress
// A step that still throws NotImplementedException is "not started", never a failure. The reference solution is
// src/Lessons/Chapter6/LeNet.cs.
using Lessons.Random;
using Lessons.Steps;

namespace Lessons.Workbook;

/// <summary>Your convolution steps: corr2d, learning an edge kernel, and the output-shape formula.</summary>
public sealed class LeNet : ILeNetSteps
{
    /// <summary>§6.2.1, d2l's <c>corr2d</c>: Y[i, j] = (X[i:i+h, j:j+w] * K).sum().</summary>
    public Tensor Corr2d(Tensor X, Tensor K) =>
        throw new NotImplementedException(
            "hint: two loops over the output; X.IndexSelect(0, rows).IndexSelect(1, cols) is the window — §6.2.1");

    /// <summary>§6.2.4: learn the kernel by gradient descent on Σ(X ⋆ K − Y)².</summary>
    public Tensor LearnKernel(Tensor X, Tensor Y, Generator generator, int numEpochs, double lr) =>
        throw new NotImplementedException(
            "hint: weight = Tensor.Uniform(..., [1, 1, 1, 2], generator, requiresGrad: true); each epoch: " +
            "((X.Conv2d(weight) − Y).Square()).Sum().Backward(), then weight −= lr · grad under NoGrad — §6.2.4");

    /// <summary>§6.3: ⌊(n − k + 2p + s) / s⌋ along each axis.</summary>
    public (int Height, int Width) OutputShape(int nh, int nw, int kh, int kw, int padding, int stride) =>
        throw new NotImplementedException("hint: (nh − kh + 2·padding + stride) / stride, in integers — §6.3.2");
}
