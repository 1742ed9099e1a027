using Lessons.Steps;

namespace Lessons.Chapter3;

// The steps of this lesson a learner writes in the workbook (src/Lessons/Workbook/SoftmaxRegression.cs): the step
// checks run them here, on the reference, in CI. The exercises' answers live here too, out of the lesson's way.
public sealed partial class SoftmaxRegression : ISoftmaxRegressionSteps
{
    /// <summary>
    /// The answer to an exercise of §3.4: RealSoftMax(a, b) = log(eᵃ + eᵇ) = m + log(e^(a−m) + e^(b−m)) with
    /// m = max(a, b). The sum inside the log is between 1 and 2, so max(a, b) &lt; RealSoftMax ≤ max(a, b) + log 2,
    /// and nothing overflows however large a and b are.
    /// </summary>
    public static double RealSoftMax(double a, double b)
    {
        var m = Math.Max(a, b);
        return m + Math.Log(Math.Exp(a - m) + Math.Exp(b - m));
    }

    /// <summary>
    /// The answer to an exercise of §3.4: the gradient of the cross-entropy is softmax(o) − y, so its derivative is
    /// the Jacobian of softmax, ∂pᵢ/∂oⱼ = pᵢ(δᵢⱼ − pⱼ): the Hessian is diag(p) − ppᵀ, the covariance of the one-hot
    /// label drawn from p — the same whatever the true label.
    /// </summary>
    public static Tensor CrossEntropyHessian(Tensor o)
    {
        var q = o.Numel;
        var p = o.Reshape(1, q).Softmax().Reshape(q, 1);
        using var labels = Tensor.Arange(q, DType.Int32, o.Backend);
        var identity = Tensor.OneHot(labels, q, o.DType);
        return (identity * p) - p.MatMul(p.T); // identity * p broadcasts p down the diagonal: diag(p)
    }

    double ISoftmaxRegressionSteps.Entropy(double[] p, double logBase) => Entropy(p, logBase);

    double ISoftmaxRegressionSteps.CrossEntropy(double[] p, double[] q, double logBase) => CrossEntropy(p, q, logBase);

    double ISoftmaxRegressionSteps.KlDivergence(double[] p, double[] q, double logBase) => KlDivergence(p, q, logBase);

    Tensor ISoftmaxRegressionSteps.GradientByFormula(Tensor o, Tensor y, int numClasses) =>
        GradientByFormula(o, y, numClasses);

    double ISoftmaxRegressionSteps.RealSoftMax(double a, double b) => RealSoftMax(a, b);

    Tensor ISoftmaxRegressionSteps.CrossEntropyHessian(Tensor o) => CrossEntropyHessian(o);
}
