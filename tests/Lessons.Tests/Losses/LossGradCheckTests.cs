using Lessons.Autograd;
using Lessons.Backends;
using Lessons.Losses;
using Lessons.Random;
using Lessons.Tests.Support;

namespace Lessons.Tests.Losses;

/// <summary>
/// Every loss, with every option combination the lessons use and every reduction, passes GradCheck in float64:
/// the gradient autograd derives (or, for BCE and the fused cross-entropy, the rule we wrote) matches central
/// differences. Targets that are float are checked too; class weights are held constant.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class LossGradCheckTests(string backend) : BackendFixture(backend)
{
    /// <summary>A loss under test: its inputs (drawn on the fixture's backend) and the function of them.</summary>
    public sealed record Case(string Name, Func<IBackend, Tensor[]> Inputs,
        Func<IBackend, Reduction, Func<Tensor[], Tensor>> Loss)
    {
        public override string ToString() => Name;
    }

    private static readonly Reduction[] AllReductions = [Reduction.None, Reduction.Mean, Reduction.Sum];

    public static IEnumerable<TestCaseData> Cases() =>
        from c in Definitions()
        from r in AllReductions
        select new TestCaseData(c, r).SetName($"{c.Name} ({r})");

    [TestCaseSource(nameof(Cases))]
    public void Analytic_gradient_matches_central_differences(Case c, Reduction reduction)
    {
        var inputs = c.Inputs(B);

        var report = GradCheck.Check(c.Loss(B, reduction), inputs);

        report.Passed.Should().BeTrue(report.Failure?.ToString());
        report.EntriesChecked.Should().Be(JacobianSize(c.Loss(B, reduction), inputs), "every entry is compared");
    }

    [TestCase(KlDivReduction.None, false)]
    [TestCase(KlDivReduction.Mean, false)]
    [TestCase(KlDivReduction.BatchMean, false)]
    [TestCase(KlDivReduction.Sum, false)]
    [TestCase(KlDivReduction.BatchMean, true)]
    [TestCase(KlDivReduction.None, true)]
    public void KlDiv_gradient_matches_central_differences(KlDivReduction reduction, bool logTarget)
    {
        var logQ = Normal([3, 4], 11).LogSoftmax(1);
        var p = Normal([3, 4], 12).Softmax(1);
        var target = logTarget ? p.Log() : p;

        Func<Tensor[], Tensor> loss = t => Functional.KlDiv(t[0], t[1], reduction, logTarget);

        var report = GradCheck.Check(loss, [logQ, target]);

        report.Passed.Should().BeTrue(report.Failure?.ToString());
        report.EntriesChecked.Should().Be(JacobianSize(loss, [logQ, target]), "every entry is compared");
    }

    /// <summary>Outputs × float inputs: the number of Jacobian entries a full check compares.</summary>
    private static int JacobianSize(Func<Tensor[], Tensor> function, Tensor[] inputs)
    {
        using var noGrad = Tensor.NoGrad();
        var outputs = function(inputs).Numel;
        return outputs * inputs.Where(t => t.DType == DType.Float64).Sum(t => t.Numel);
    }

    private static IEnumerable<Case> Definitions()
    {
        // Element-wise losses: differences kept away from the kinks (0, ±δ, ±β) by more than eps.
        Tensor[] Pair(IBackend b) => [Draw(b, [3, 4], 1), Draw(b, [3, 4], 1, shift: true)];
        yield return new("L1Loss", Pair, (_, r) => t => Functional.L1Loss(t[0], t[1], r));
        yield return new("MseLoss", Pair, (_, r) => t => Functional.MseLoss(t[0], t[1], r));
        yield return new("HuberLoss delta 1", Pair, (_, r) => t => Functional.HuberLoss(t[0], t[1], r, 1));
        yield return new("HuberLoss delta 0.5", Pair, (_, r) => t => Functional.HuberLoss(t[0], t[1], r, 0.5));
        yield return new("SmoothL1Loss beta 1", Pair, (_, r) => t => Functional.SmoothL1Loss(t[0], t[1], r, 1));
        yield return new("SmoothL1Loss beta 0.5", Pair,
            (_, r) => t => Functional.SmoothL1Loss(t[0], t[1], r, 0.5));
        yield return new("SmoothL1Loss beta 0", Pair, (_, r) => t => Functional.SmoothL1Loss(t[0], t[1], r, 0));

        // Classification: logits (5, 4), labels with one ignored row where ignore_index is in play.
        Tensor[] Logits(IBackend b) => [Draw(b, [5, 4], 2), Labels(b, [3, 0, 2, 1, 3])];
        Tensor[] LogitsIgnored(IBackend b) => [Draw(b, [5, 4], 2), Labels(b, [3, -100, 2, 1, 3])];
        Tensor Weight(IBackend b) => Tensor.FromArray([0.5, 1.5, 1.0, 2.0], [4], b);
        yield return new("CrossEntropyLoss (fused)", Logits,
            (_, r) => t => Functional.CrossEntropy(t[0], t[1], reduction: r));
        yield return new("CrossEntropyLoss ignored row (fused)", LogitsIgnored,
            (_, r) => t => Functional.CrossEntropy(t[0], t[1], reduction: r));
        yield return new("CrossEntropyLoss weight", LogitsIgnored,
            (b, r) => t => Functional.CrossEntropy(t[0], t[1], Weight(b), reduction: r));
        yield return new("CrossEntropyLoss label smoothing", LogitsIgnored,
            (_, r) => t => Functional.CrossEntropy(t[0], t[1], reduction: r, labelSmoothing: 0.1));
        yield return new("CrossEntropyLoss weight and label smoothing", LogitsIgnored,
            (b, r) => t => Functional.CrossEntropy(t[0], t[1], Weight(b), reduction: r, labelSmoothing: 0.2));
        yield return new("CrossEntropyLoss ignore_index 1", Logits,
            (_, r) => t => Functional.CrossEntropy(t[0], t[1], ignoreIndex: 1, reduction: r));
        yield return new("CrossEntropyLoss large logits",
            b => [Draw(b, [5, 4], 2, scale: 500), Labels(b, [3, 0, 2, 1, 3])],
            (_, r) => t => Functional.CrossEntropy(t[0], t[1], reduction: r));
        yield return new("CrossEntropyLoss K-dimensional",
            b => [Draw(b, [2, 3, 2], 3), Tensor.FromArray(new[] { 0, 2, 1, -100 }, [2, 2], b)],
            (b, r) => t => Functional.CrossEntropy(t[0], t[1], Tensor.FromArray([1.0, 2.0, 0.5], [3], b),
                reduction: r, labelSmoothing: 0.1));
        yield return new("CrossEntropyLoss probabilities", b => [Draw(b, [3, 4], 4), Draw(b, [3, 4], 5).Softmax(1)],
            (_, r) => t => Functional.CrossEntropy(t[0], t[1], reduction: r));
        yield return new("CrossEntropyLoss probabilities weight and smoothing",
            b => [Draw(b, [3, 4], 4), Draw(b, [3, 4], 5).Softmax(1)],
            (b, r) => t => Functional.CrossEntropy(t[0], t[1], Weight(b), reduction: r, labelSmoothing: 0.1));
        yield return new("NllLoss", b => [Draw(b, [5, 4], 6).LogSoftmax(1), Labels(b, [3, 0, 2, 1, 3])],
            (_, r) => t => Functional.NllLoss(t[0], t[1], reduction: r));
        yield return new("NllLoss weight and ignored row",
            b => [Draw(b, [5, 4], 6).LogSoftmax(1), Labels(b, [3, -100, 2, 1, 3])],
            (b, r) => t => Functional.NllLoss(t[0], t[1], Weight(b), reduction: r));

        // Binary: probabilities in (0.05, 0.95), targets 0, 1 or soft, weights constant.
        Tensor[] Probabilities(IBackend b) =>
            [(Draw(b, [3, 4], 7).Sigmoid() * 0.9) + 0.05,
                Tensor.FromArray([1.0, 0, 1, 1, 0, 0, 1, 0, 0.3, 0.8, 1, 0], [3, 4], b)];
        Tensor Elementwise(IBackend b) => Draw(b, [3, 4], 8).Abs() + 0.5;
        Tensor Columns(IBackend b) => Tensor.FromArray([0.5, 2.0, 1.0, 1.5], [4], b);
        yield return new("BceLoss", Probabilities,
            (_, r) => t => Functional.BinaryCrossEntropy(t[0], t[1], reduction: r));
        yield return new("BceLoss weight", Probabilities,
            (b, r) => t => Functional.BinaryCrossEntropy(t[0], t[1], Elementwise(b), r));
        yield return new("BceLoss weight per column", Probabilities,
            (b, r) => t => Functional.BinaryCrossEntropy(t[0], t[1], Columns(b), r));
        Tensor[] LogitsAndTargets(IBackend b) => [Draw(b, [3, 4], 9, scale: 3), Probabilities(b)[1]];
        yield return new("BceWithLogitsLoss", LogitsAndTargets,
            (_, r) => t => Functional.BinaryCrossEntropyWithLogits(t[0], t[1], reduction: r));
        yield return new("BceWithLogitsLoss weight and posWeight", LogitsAndTargets,
            (b, r) => t => Functional.BinaryCrossEntropyWithLogits(t[0], t[1], Elementwise(b), Columns(b), r));
        yield return new("BceWithLogitsLoss at zero logits",
            b => [Tensor.Zeros([2, 3], DType.Float64, b), Tensor.FromArray([1.0, 0, 0.3, 0, 1, 0.5], [2, 3], b)],
            (b, r) => t => Functional.BinaryCrossEntropyWithLogits(t[0], t[1],
                posWeight: Tensor.FromArray([2.0, 0.5, 1.0], [3], b), reduction: r));
    }

    private Tensor Normal(int[] shape, int seed) => Tensor.Normal(0, 1, shape, new Generator(seed), DType.Float64, B);

    /// <summary>N(0, 1)·scale; with <paramref name="shift"/>, the draw of the same seed moved by ±0.3 … ±0.8 so
    /// that its difference from the unshifted draw stays clear of 0, ±0.5 and ±1.</summary>
    private static Tensor Draw(IBackend backend, int[] shape, int seed, bool shift = false, double scale = 1)
    {
        var values = new double[new Shape(shape).Numel];
        new Generator(seed).FillNormal(values, 0, 1);
        double[] offsets = [0.3, -0.7, 0.8, -0.2, 1.3, -1.7, 0.65, -0.35];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (values[i] * scale) + (shift ? offsets[i % offsets.Length] : 0);
        }

        return Tensor.FromArray(values, new Shape(shape), backend);
    }

    private static Tensor Labels(IBackend backend, int[] labels) => Tensor.FromArray(labels, backend);
}
