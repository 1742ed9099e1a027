// Workbook: Softmax regression — d2l 0.17 §3.4 / current edition §4.1.
//
// Replace each `throw` with your own code, then check your steps (read the section first; ask for a hint when stuck):
//     dotnet run --project src/Lessons -- check softmax-regression --watch     (re-checks each time you save)
//     dotnet run --project src/Lessons -- hint softmax-regression.<Step>        (the idea, then a nudge, then the code)
//     dotnet run --project src/Lessons -- run softmax-regression --workbook     (your steps train on the real data)
// A step that still throws NotImplementedException is "not started", never a failure.
using Lessons.Steps;

namespace Lessons.Workbook;

/// <summary>Your softmax regression theory (§3.4): information theory, the gradient, and two exercises.</summary>
public sealed class SoftmaxRegression : ISoftmaxRegressionSteps
{
    /// <summary>§3.4.7: entropy H(P) = −Σ p log p.</summary>
    public double Entropy(double[] p, double logBase = Math.E) =>
        throw new NotImplementedException(
            "hint: entropy is the expected surprise of a distribution: each outcome's probability times minus " +
            "its log; an impossible outcome adds nothing; in bits, change the log's base to two — d2l §3.4.7");

    /// <summary>§3.4.7: cross-entropy H(P, Q) = −Σ p log q.</summary>
    public double CrossEntropy(double[] p, double[] q, double logBase = Math.E) =>
        throw new NotImplementedException(
            "hint: cross-entropy is the expected surprise of an observer who believes Q while the outcomes " +
            "follow P: P's probabilities weight minus the log of Q's — d2l §3.4.7");

    /// <summary>§3.4.7: KL(P ‖ Q) = Σ p log(p / q).</summary>
    public double KlDivergence(double[] p, double[] q, double logBase = Math.E) =>
        throw new NotImplementedException(
            "hint: the Kullback–Leibler divergence is how much more surprised the believer in Q is than the " +
            "one who knows P: cross-entropy minus entropy, never negative, zero only when the two agree — d2l " +
            "§3.4.7");

    /// <summary>§3.4.6: ∂l/∂o = softmax(o) − y, for the loss summed over the examples.</summary>
    public Tensor GradientByFormula(Tensor o, Tensor y, int numClasses) =>
        throw new NotImplementedException(
            "hint: the derivative of the cross-entropy of a softmax with respect to the logits is the " +
            "predicted probabilities minus the true distribution, which puts a one at each example's label " +
            "and zeros elsewhere — d2l §3.4.6");

    /// <summary>Exercise of §3.4: RealSoftMax(a, b) = log(eᵃ + eᵇ), for any a and b.</summary>
    public double RealSoftMax(double a, double b) =>
        throw new NotImplementedException(
            "hint: the log of a sum of exponentials overflows when a number is large; take the largest one " +
            "out first, so the biggest exponential left is one — §3.4's exercises");

    /// <summary>Exercise of §3.4: the second derivative of the cross-entropy with respect to the logits.</summary>
    public Tensor CrossEntropyHessian(Tensor o) =>
        throw new NotImplementedException(
            "hint: differentiate the gradient once more: each probability depends on every logit, by its own " +
            "value times one minus itself on the diagonal and minus the product of two probabilities off it — " +
            "§3.4's exercises");
}
