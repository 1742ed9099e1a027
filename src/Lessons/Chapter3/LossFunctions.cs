using System.Globalization;
using Lessons.Figures;
using Lessons.Framework;
using Lessons.Losses;

namespace Lessons.Chapter3;

/// <summary>
/// Loss functions, as the seed notes present them (PyTorch's L1, MSE, Huber, SmoothL1, cross-entropy, BCE and BCE
/// with logits): how each loss and its gradient behave as the prediction moves, and the notes' worked examples
/// recomputed — three of the numbers the notes print are not what PyTorch computes, and are flagged.
/// </summary>
public sealed class LossFunctions : ILesson
{
    /// <inheritdoc/>
    public string Name => "losses";

    /// <inheritdoc/>
    public string Title => "Loss functions";

    /// <inheritdoc/>
    public string Sections => "seed notes; 3.1 and 3.4 / 3.1 and 4.1";

    /// <summary>A worked example of the notes: the loss, what the notes print, and what PyTorch computes.</summary>
    /// <param name="Name">What is computed.</param>
    /// <param name="Compute">Our computation.</param>
    /// <param name="Claimed">The number the notes print.</param>
    public sealed record WorkedExample(string Name, Func<double> Compute, double Claimed);

    /// <summary>The notes' worked examples, with the numbers they print (float32, as in the notes).</summary>
    public static IReadOnlyList<WorkedExample> WorkedExamples() =>
    [
        new("MAE of [1.5, 2.0, 3.2] vs [1.0, 2.5, 2.8]",
            () => Value(new L1Loss(), F([1.5f, 2.0f, 3.2f]), F([1.0f, 2.5f, 2.8f])), 0.4667),
        new("MSE of [1.5, 2.0, 3.2] vs [1.0, 2.5, 2.8]",
            () => Value(new MseLoss(), F([1.5f, 2.0f, 3.2f]), F([1.0f, 2.5f, 2.8f])), 0.2967),
        new("MSE (sum) of the same",
            () => Value(new MseLoss(Reduction.Sum), F([1.5f, 2.0f, 3.2f]), F([1.0f, 2.5f, 2.8f])), 0.89),
        new("L1 (sum) of [1, 2, 3] vs [1, 2, 5]",
            () => Value(new L1Loss(Reduction.Sum), F([1, 2, 3]), F([1, 2, 5])), 2),
        new("MSE (sum) of [1, 2, 3] vs [1, 2, 5]",
            () => Value(new MseLoss(Reduction.Sum), F([1, 2, 3]), F([1, 2, 5])), 4),
        new("cross-entropy of [[0.1, 0.2, 0.3]], class 1", () => Value(new CrossEntropyLoss(),
            Tensor.FromArray(new[] { 0.1f, 0.2f, 0.3f }, [1, 3]), Tensor.FromArray(new[] { 1 })), 1.1019),
        new("cross-entropy of the 3 × 5 logits, classes [3, 1, 4]", () => Value(new CrossEntropyLoss(),
            Tensor.FromArray(new[]
            {
                1.2f, 0.4f, -0.5f, 2.1f, 0.3f, 0.8f, 1.9f, -1.2f, 0.4f, 1.1f, -0.1f, 2.4f, 0.7f, 1.5f, -0.5f,
            }, [3, 5]), Tensor.FromArray(new[] { 3, 1, 4 })), 0.8765),
        new("BCE of [0.8, 0.2, 0.6, 0.9] vs [1, 0, 1, 1]",
            () => Value(new BceLoss(), F([0.8f, 0.2f, 0.6f, 0.9f]), F([1, 0, 1, 1])), 0.2070),
    ];

    /// <inheritdoc/>
    public LessonResult Run(LessonContext context)
    {
        var c = CultureInfo.InvariantCulture;
        context.Report.Section("The notes' worked examples, recomputed");
        var errata = 0;
        // <doc:recompute>
        foreach (var example in WorkedExamples())
        {
            using var scope = Tensor.Scope();
            var value = example.Compute();
            var wrong = Math.Abs(value - example.Claimed) > 5e-4 * Math.Max(1, Math.Abs(value));
            errata += wrong ? 1 : 0;
            context.Report.Value(example.Name, value, wrong
                ? string.Create(c, $"erratum: the notes print {example.Claimed:G4}")
                : string.Create(c, $"the notes print {example.Claimed:G4}, agreed"));
        }
        // </doc:recompute>

        context.Report.Section("Each loss and its gradient as the prediction moves (target 0, or label 1)");
        var directory = context.OutputDirectory(Name);
        var x = Enumerable.Range(0, 161).Select(i => -4 + (i * 0.05)).ToArray();
        foreach (var (name, loss, domain) in Curves())
        {
            var xs = domain == Domain.Probability ? [.. x.Select(v => (v + 4) / 8 * 0.98 + 0.01)] : x;
            var (values, gradients) = Curve(loss, xs);
            var path = Path.Combine(directory, $"{name.ToLowerInvariant().Replace(' ', '-')}.svg");
            var xLabel = domain switch
            {
                Domain.Probability => "predicted probability",
                Domain.Logit => "logit of the true class",
                _ => "prediction − target",
            };
            // The gradient has its own axis: BCE's reaches -100 near p = 0 and would flatten the loss on a shared one.
            var chart = new LineChart(["loss", "gradient"], xLabel, "loss")
            {
                Title = $"{name}: loss and gradient",
                RightAxis = ["gradient"],
                RightYLabel = "gradient of the loss",
            };
            for (var i = 0; i < xs.Length; i++)
            {
                chart.Add(xs[i], [values[i], gradients[i]]);
            }

            chart.ToSvg().Save(path);
            context.Report.Figure(path, $"{name}: loss and gradient");
        }

        return new LessonResult { ["lesson"] = Name, ["errata"] = errata };
    }

    /// <summary>What the x axis of a curve is: a difference from the target, a probability, or a logit.</summary>
    public enum Domain
    {
        /// <summary>The prediction minus a target of 0.</summary>
        Difference,

        /// <summary>A predicted probability against label 1.</summary>
        Probability,

        /// <summary>The logit (score) of the true class, before the sigmoid or softmax.</summary>
        Logit,
    }

    /// <summary>The losses plotted, each as a function of one prediction against a fixed target.</summary>
    // <doc:curves>
    public static IEnumerable<(string Name, Func<Tensor, Tensor> Loss, Domain Domain)> Curves()
    {
        yield return ("L1", p => Functional.L1Loss(p, Tensor.ZerosLike(p), Reduction.None), Domain.Difference);
        yield return ("MSE", p => Functional.MseLoss(p, Tensor.ZerosLike(p), Reduction.None), Domain.Difference);
        yield return ("Huber", p => Functional.HuberLoss(p, Tensor.ZerosLike(p), Reduction.None), Domain.Difference);
        yield return ("SmoothL1 beta 2", p => Functional.SmoothL1Loss(p, Tensor.ZerosLike(p), Reduction.None, 2),
            Domain.Difference);
        yield return ("BCE with logits", p => Functional.BinaryCrossEntropyWithLogits(p, Tensor.OnesLike(p),
            reduction: Reduction.None), Domain.Logit);
        yield return ("BCE", p => Functional.BinaryCrossEntropy(p, Tensor.OnesLike(p), reduction: Reduction.None),
            Domain.Probability);
        yield return ("Cross-entropy", p =>
        {
            // Two logits [p, 0] with the true class 0: the loss as the true class's margin p moves.
            var logits = p.Reshape(-1, 1) * Tensor.FromArray(new[] { 1.0, 0.0 }, p.Backend);
            return Functional.CrossEntropy(logits, Tensor.Zeros([p.Numel], DType.Int32, p.Backend),
                reduction: Reduction.None);
        }, Domain.Logit);
    }
    // </doc:curves>

    /// <summary>The loss at each x and its derivative there, one batch through autograd.</summary>
    // <doc:curve>
    public static (double[] Values, double[] Gradients) Curve(Func<Tensor, Tensor> loss, double[] xs)
    {
        using var scope = Tensor.Scope();
        var p = Tensor.FromArray(xs, requiresGrad: true);
        var l = loss(p);
        l.Sum().Backward();
        return (l.ToDoubles(), p.Grad!.ToDoubles());
    }
    // </doc:curve>

    private static Tensor F(float[] values) => Tensor.FromArray(values);

    private static double Value(Loss loss, Tensor input, Tensor target) => loss.Forward(input, target).Item();
}
