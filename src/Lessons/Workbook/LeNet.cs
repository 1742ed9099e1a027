// Workbook: Convolutions — d2l 0.17 §6.2–6.3 / current edition §7.2–7.3.
//
// Replace each `throw` with your own code, then check your steps (read the section first; ask for a hint when stuck):
//     dotnet run --project src/Lessons -- check lenet --watch     (re-checks each time you save)
//     dotnet run --project src/Lessons -- hint lenet.<Step>        (the idea, then a nudge, then the code)
// A step that still throws NotImplementedException is "not started", never a failure.
using Lessons.Random;
using Lessons.Steps;

namespace Lessons.Workbook;

/// <summary>Your convolution steps: corr2d, learning an edge kernel, and the output-shape formula.</summary>
public sealed class LeNet : ILeNetSteps
{
    /// <summary>§6.2.1, d2l's <c>corr2d</c>: Y[i, j] = (X[i:i+h, j:j+w] * K).sum().</summary>
    public Tensor Corr2d(Tensor X, Tensor K) =>
        throw new NotImplementedException(
            "hint: slide the kernel over the input without flipping it: each output element is the sum of the " +
            "window of the input that starts there, multiplied element by element with the kernel — d2l §6.2.1");

    /// <summary>§6.2.4: learn the kernel by gradient descent on Σ(X ⋆ K − Y)².</summary>
    public Tensor LearnKernel(Tensor X, Tensor Y, Generator generator, int numEpochs, double lr) =>
        throw new NotImplementedException(
            "hint: start from a random kernel and improve it by gradient descent: predict with the convolution, " +
            "measure the squared error against Y, and step the kernel against its gradient — d2l §6.2.4");

    /// <summary>§6.3: ⌊(n − k + 2p + s) / s⌋ along each axis.</summary>
    public (int Height, int Width) OutputShape(int nh, int nw, int kh, int kw, int padding, int stride) =>
        throw new NotImplementedException(
            "hint: a kernel of size k fits n minus k plus one times along an axis of n; padding adds p on each " +
            "side and a stride s keeps every s-th window — d2l §6.3");
}
