// Workbook: Back-propagation and a first MLP — d2l 0.17 §4.2 and §4.7 / current edition §5.2 and §5.3.
//
// Replace each `throw` with your own code, then check your steps:
//     LESSONS_TARGET=workbook dotnet test tests/Lessons.Tests --filter Category=Workbook
// or see every lesson's progress at a glance:
//     dotnet run --project src/Lessons -- progress
// A step that still throws NotImplementedException is "not started", never a failure. The reference solution is
// src/Lessons/Chapter3/Mlp.cs.
using Lessons.Steps;

namespace Lessons.Workbook;

/// <summary>Your MLP steps: ReLU from scratch and the backward pass of a two-layer network by hand.</summary>
public sealed class Mlp : IMlpSteps
{
    /// <summary>§4.2.2, d2l's <c>relu</c>: max(X, 0).</summary>
    public Tensor Relu(Tensor X) =>
        throw new NotImplementedException("hint: Tensor.Maximum(X, Tensor.ZerosLike(X)) — see d2l §4.2.2");

    /// <summary>§4.7.3: the four gradients of the mean cross-entropy, by the chain rule.</summary>
    public Chapter3.Mlp.TwoLayer BackpropByHand(Chapter3.Mlp.TwoLayer p, Tensor X, Tensor y) =>
        throw new NotImplementedException(
            "hint: dO = (softmax(o) − onehot(y)) / n; dW2 = hᵀ·dO; dH = dO·W2ᵀ; dZ = dH ⊙ (z > 0); … — §4.7.3");
}
