namespace Lessons.Steps;

/// <summary>
/// The steps a learner writes for softmax regression — d2l 0.17 §3.4 / current edition §4.1: information theory,
/// the gradient of the cross-entropy, and two of the section's exercises.
/// </summary>
public interface ISoftmaxRegressionSteps
{
    /// <summary>Entropy H(P) = −Σ p log p (§3.4.7), in nats, or in bits with <paramref name="logBase"/> 2.</summary>
    double Entropy(double[] p, double logBase = Math.E);

    /// <summary>Cross-entropy H(P, Q) = −Σ p log q (§3.4.7).</summary>
    double CrossEntropy(double[] p, double[] q, double logBase = Math.E);

    /// <summary>The Kullback–Leibler divergence KL(P ‖ Q) = Σ p log(p / q).</summary>
    double KlDivergence(double[] p, double[] q, double logBase = Math.E);

    /// <summary>
    /// §3.4.6: the gradient of the cross-entropy of softmax(o) against labels <paramref name="y"/>, summed over the
    /// examples, with respect to the logits <paramref name="o"/> (n, q): softmax(o) − onehot(y).
    /// </summary>
    Tensor GradientByFormula(Tensor o, Tensor y, int numClasses);

    /// <summary>
    /// An exercise of §3.4: RealSoftMax(a, b) = log(eᵃ + eᵇ), computed so that it neither overflows nor underflows.
    /// </summary>
    double RealSoftMax(double a, double b);

    /// <summary>
    /// An exercise of §3.4: the second derivative of the cross-entropy loss with respect to the logits
    /// <paramref name="o"/> (a vector of q logits): the (q, q) Hessian.
    /// </summary>
    Tensor CrossEntropyHessian(Tensor o);
}
