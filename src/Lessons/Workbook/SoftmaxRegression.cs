// Workbook: Softmax regression — d2l 0.17 §3.4 / current edition §4.1.
//
// Replace each `throw` with your own code, then check your steps:
//     LESSONS_TARGET=workbook dotnet test tests/Lessons.Tests --filter Category=Workbook
// or see every lesson's progress at a glance:
//     dotnet run --project src/Lessons -- progress
// A step that still throws NotImplementedException is "not started", never a failure. The reference solution is
// src/Lessons/Chapter3/SoftmaxRegression.cs (and SoftmaxRegression.Steps.cs for the exercises).
using Lessons.Steps;

namespace Lessons.Workbook;

/// <summary>Your softmax regression theory (§3.4): information theory, the gradient, and two exercises.</summary>
public sealed class SoftmaxRegression : ISoftmaxRegressionSteps
{
    /// <summary>§3.4.7: entropy H(P) = −Σ p log p.</summary>
    public double Entropy(double[] p, double logBase = Math.E) =>
        throw new NotImplementedException(
            "hint: −Σ p·log p, skipping p = 0 (0·log 0 = 0); divide by log(logBase) for bits — d2l §3.4.7");

    /// <summary>§3.4.7: cross-entropy H(P, Q) = −Σ p log q.</summary>
    public double CrossEntropy(double[] p, double[] q, double logBase = Math.E) =>
        throw new NotImplementedException("hint: −Σ p·log q over the entries with p > 0 — see d2l §3.4.7");

    /// <summary>§3.4.7: KL(P ‖ Q) = Σ p log(p / q).</summary>
    public double KlDivergence(double[] p, double[] q, double logBase = Math.E) =>
        throw new NotImplementedException("hint: Σ p·log(p / q) over p > 0; it equals H(P, Q) − H(P) — d2l §3.4.7");

    /// <summary>§3.4.6: ∂l/∂o = softmax(o) − y, for the loss summed over the examples.</summary>
    public Tensor GradientByFormula(Tensor o, Tensor y, int numClasses) =>
        throw new NotImplementedException(
            "hint: o.Softmax() − Tensor.OneHot(y, numClasses, o.DType) — see d2l §3.4.6.2");

    /// <summary>Exercise of §3.4: RealSoftMax(a, b) = log(eᵃ + eᵇ), for any a and b.</summary>
    public double RealSoftMax(double a, double b) =>
        throw new NotImplementedException(
            "hint: with m = max(a, b), log(eᵃ + eᵇ) = m + log(e^(a−m) + e^(b−m)) — §3.4's exercises");

    /// <summary>Exercise of §3.4: the second derivative of the cross-entropy with respect to the logits.</summary>
    public Tensor CrossEntropyHessian(Tensor o) =>
        throw new NotImplementedException(
            "hint: differentiate softmax(o) − y once more: ∂pᵢ/∂oⱼ = pᵢ(δᵢⱼ − pⱼ), so diag(p) − ppᵀ — §3.4");
}
