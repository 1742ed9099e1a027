using System.Globalization;
using Lessons.Autograd;
using Lessons.Framework;
using Lessons.Steps;

namespace Lessons.Chapter3;

/// <summary>
/// Softmax regression — d2l 0.17 §3.4 / current edition §4.1: one-hot labels, softmax, cross-entropy, the
/// gradient softmax(o) − y, and entropy, cross-entropy and KL divergence in nats and bits.
/// </summary>
public sealed partial class SoftmaxRegression : ILesson
{
    /// <inheritdoc/>
    public string Name => "softmax-regression";

    /// <inheritdoc/>
    public string Title => "Softmax regression";

    /// <inheritdoc/>
    public string Sections => "3.4 / 4.1";

    /// <summary>Entropy H(P) = −Σ p log p (§3.4.7), in nats, or in bits with <paramref name="logBase"/> 2.</summary>
    // <doc:information>
    public static double Entropy(double[] p, double logBase = Math.E) =>
        -p.Where(v => v > 0).Sum(v => v * Math.Log(v)) / Math.Log(logBase);

    /// <summary>Cross-entropy H(P, Q) = −Σ p log q.</summary>
    public static double CrossEntropy(double[] p, double[] q, double logBase = Math.E) =>
        -p.Zip(q).Where(pq => pq.First > 0).Sum(pq => pq.First * Math.Log(pq.Second)) / Math.Log(logBase);

    /// <summary>KL(P ‖ Q) = Σ p log(p / q) = H(P, Q) − H(P).</summary>
    public static double KlDivergence(double[] p, double[] q, double logBase = Math.E) =>
        p.Zip(q).Where(pq => pq.First > 0).Sum(pq => pq.First * Math.Log(pq.First / pq.Second)) / Math.Log(logBase);
    // </doc:information>

    /// <summary>
    /// The gradient of the cross-entropy of softmax(o) against one-hot y, by the formula of §3.4.6:
    /// ∂l/∂o = softmax(o) − y.
    /// </summary>
    // <doc:gradient-by-formula>
    public static Tensor GradientByFormula(Tensor o, Tensor y, int numClasses) =>
        o.Softmax() - Tensor.OneHot(y, numClasses, o.DType);
    // </doc:gradient-by-formula>

    /// <inheritdoc/>
    public LessonResult Run(LessonContext context)
    {
        var report = context.Report;
        var c = CultureInfo.InvariantCulture;
        var steps = context.Steps.Get<ISoftmaxRegressionSteps>(); // the book's formulas (or yours, with --workbook)
        Tensor GradientByFormula(Tensor o, Tensor y, int numClasses) => steps.GradientByFormula(o, y, numClasses);
        double Entropy(double[] p, double logBase = Math.E) => steps.Entropy(p, logBase);
        double CrossEntropy(double[] p, double[] q) => steps.CrossEntropy(p, q);
        double KlDivergence(double[] p, double[] q, double logBase = Math.E) => steps.KlDivergence(p, q, logBase);

        report.Section("One-hot labels and softmax");
        using var scope = Tensor.Scope();
        var y = Tensor.FromArray(new[] { 0, 2, 1 });
        report.Say($"labels {y} as one-hot rows:\n{Tensor.OneHot(y, 3)}");
        var o = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 0.5, 0.1, 2 }, { -1, 3, 0 } });
        var yHat = o.Softmax();
        report.Say($"logits o:\n{o}\nsoftmax(o) (each row sums to 1):\n{yHat}");

        report.Section("Cross-entropy and its gradient softmax(o) − y");
        // <doc:autograd-vs-formula>
        o.RequiresGrad = true;
        var loss = Tensor.SoftmaxCrossEntropy(o, y).Sum();
        loss.Backward();
        var formula = GradientByFormula(o.Detach(), y, 3);
        var difference = (o.Grad! - formula).Abs().Max().Item();
        report.Value("cross-entropy summed over the 3 examples", loss.Item());
        report.Say($"autograd's ∂l/∂o:\n{o.Grad}\nsoftmax(o) − y:\n{formula}");
        report.Value("max |autograd − formula|", difference);
        var check = GradCheck.Check(t => Tensor.SoftmaxCrossEntropy(t[0], t[1]).Sum(), [o.Detach(), y]);
        // </doc:autograd-vs-formula>
        report.Say(check.Passed
            ? $"GradCheck: all {check.EntriesChecked} entries agree with central differences."
            : $"GradCheck: {check.Failure}");

        report.Section("Information theory: entropy, cross-entropy, KL");
        double[] distribution = [0.1, 0.5, 0.1, 0.3];
        report.Say(string.Create(c,
            $"H([.1, .5, .1, .3]) = {Entropy(distribution):F5} nats = {Entropy(distribution, 2):F5} bits"));
        double[] p = [0.1, 0.4, 0.5], q = [0.3, 0.3, 0.4];
        report.Say(string.Create(c,
            $"P = [.1, .4, .5], Q = [.3, .3, .4]: H(P) = {Entropy(p):F6}, H(P, Q) = {CrossEntropy(p, q):F6}, " +
            $"KL(P‖Q) = {KlDivergence(p, q):F6} nats ({KlDivergence(p, q, 2):F6} bits); H(P, Q) = H(P) + KL."));
        return new LessonResult
        {
            ["lesson"] = Name,
            ["loss"] = loss.Item(),
            ["gradient_error"] = difference,
            ["gradcheck_passed"] = check.Passed,
        };
    }
}
