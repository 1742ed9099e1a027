using Lessons.Backends.Cpu;
using Lessons.Losses;
using Lessons.Tests.Support;

namespace Lessons.Tests.Losses;

/// <summary>
/// Every loss refuses every wrong input — shape, dtype, backend, range, a missing argument — with a message that
/// names the loss and what was wrong, and accepts every boundary value as torch 1.13 does (label smoothing 1,
/// δ just above 0, β = 0, probabilities exactly 0 and 1, a scalar input where a scalar makes sense).
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class LossInputCheckTests(string backend) : BackendFixture(backend)
{
    /// <summary>The losses whose target has the input's shape, as functions of (input, target).</summary>
    private static readonly (string Name, Func<Tensor, Tensor, Tensor> Loss)[] SameShape =
    [
        ("L1Loss", (x, y) => new L1Loss().Forward(x, y)),
        ("MseLoss", (x, y) => new MseLoss().Forward(x, y)),
        ("HuberLoss", (x, y) => new HuberLoss().Forward(x, y)),
        ("SmoothL1Loss", (x, y) => new SmoothL1Loss().Forward(x, y)),
        ("BceLoss", (x, y) => new BceLoss().Forward(x, y)),
        ("BceWithLogitsLoss", (x, y) => new BceWithLogitsLoss().Forward(x, y)),
        ("KlDivLoss", (x, y) => new KlDivLoss().Forward(x, y)),
    ];

    public static IEnumerable<string> SameShapeNames => SameShape.Select(l => l.Name);

    private static readonly (string Name, Func<Tensor?, Tensor, Tensor> Loss)[] ClassIndex =
    [
        ("CrossEntropyLoss", (w, x) => new CrossEntropyLoss(w).Forward(x, Labels(x))),
        ("NllLoss", (w, x) => new NllLoss(w).Forward(x, Labels(x))),
    ];

    public static IEnumerable<string> ClassIndexNames => ClassIndex.Select(l => l.Name);

    [TestCaseSource(nameof(SameShapeNames))]
    public void A_target_of_another_shape_is_refused_not_broadcast(string name)
    {
        var loss = Find(name);

        Refuses<ArgumentException>(() => loss(Half(3, 1), Half(3)),
            $"{name}: input shape (3x1) and target shape (3) differ; expected the target to have the input's shape " +
            "(3x1)*");
        Refuses<ArgumentException>(() => loss(Half(3), Half(3, 1)),
            $"{name}: input shape (3) and target shape (3x1) differ*");
        Refuses<ArgumentException>(() => loss(Half(2, 3), Half(3, 2)),
            $"{name}: input shape (2x3) and target shape (3x2) differ*");
        Refuses<ArgumentException>(() => loss(Half(2, 3), Tensor.Scalar(0.5, backend: Device)),
            $"{name}: input shape (2x3) and target shape () differ*");
    }

    [TestCaseSource(nameof(SameShapeNames))]
    public void Integer_tensors_dtype_and_backend_mismatches_and_nulls_are_refused(string name)
    {
        var loss = Find(name);
        using var other = new CpuBackend();

        Refuses<ArgumentException>(() => loss(I32([0, 1, 0], 3), Half(3)),
            $"{name}: input must be a Float32 or Float64 tensor, got Int32 of shape (3).");
        Refuses<ArgumentException>(() => loss(Half(3), I32([0, 1, 0], 3)),
            $"{name}: target must be a Float32 or Float64 tensor, got Int32 of shape (3).");
        Refuses<InvalidOperationException>(() => loss(Half(3), Half(3).To(DType.Float64)),
            $"{name}: dtypes differ: Float32 and Float64*");
        Refuses<InvalidOperationException>(() => loss(Half(3), Tensor.Full([3], 0.5, backend: other)),
            $"{name}: tensors live on different backends*");
        ((Action)(() => loss(null!, Half(3)))).Should().Throw<ArgumentNullException>();
        ((Action)(() => loss(Half(3), null!))).Should().Throw<ArgumentNullException>();
    }

    [TestCaseSource(nameof(SameShapeNames))]
    public void Scalars_and_float64_are_accepted(string name)
    {
        var loss = Find(name);

        var scalar = loss(Tensor.Scalar(0.25, DType.Float64, Device), Tensor.Scalar(0.5, DType.Float64, Device));
        var matrix = loss(Half(2, 3), Half(2, 3));

        scalar.Should().HaveShape();
        double.IsFinite(scalar.Item()).Should().BeTrue();
        matrix.Should().HaveShape();
        scalar.DType.Should().Be(DType.Float64);
    }

    [TestCaseSource(nameof(ClassIndexNames))]
    public void Class_index_losses_refuse_a_scalar_integer_input_and_misplaced_targets(string name)
    {
        var loss = ClassIndex.Single(l => l.Name == name).Loss;
        Func<Tensor, Tensor, Tensor> withTarget = name == "NllLoss"
            ? (x, y) => new NllLoss().Forward(x, y)
            : (x, y) => new CrossEntropyLoss().Forward(x, y);
        using var other = new CpuBackend();

        Refuses<ArgumentException>(() => withTarget(Tensor.Scalar(1.0, backend: Device), I32([0], 1).Reshape()),
            $"{name}: the input must have a class dimension, got a scalar.");
        Refuses<ArgumentException>(() => loss(null, I32([0, 1, 2, 0, 1, 2], 2, 3)),
            $"{name}: input must be a Float32 or Float64 tensor, got Int32 of shape (2x3).");
        Refuses<ArgumentException>(() => withTarget(Half(2, 3), I32([0, 1, 2], 3)),
            $"{name}: target shape (3) does not match input shape (2x3); expected (2)*");
        Refuses<ArgumentException>(() => withTarget(Half(2, 3, 4), I32([0, 1], 2)),
            $"{name}: target shape (2) does not match input shape (2x3x4); expected (2x4)*");
        Refuses<ArgumentException>(() => withTarget(Half(2, 3), Half(2).To(DType.Float64)),
            $"{name}: class-index targets must be an Int32 tensor, got Float64 of shape (2)" + (name == "NllLoss"
                ? "."
                : "; probability targets must have the input's shape (2x3)."));
        Refuses<InvalidOperationException>(
            () => withTarget(Half(2, 3), Tensor.FromArray(new[] { 0, 1 }, new Shape(2), other)),
            $"{name}: input lives on {Device.Name} and target on cpu; move one with To().");
        ((Action)(() => withTarget(null!, I32([0], 1)))).Should().Throw<ArgumentNullException>();
        ((Action)(() => withTarget(Half(1, 3), null!))).Should().Throw<ArgumentNullException>();
    }

    [Test]
    public void Cross_entropy_refuses_a_scalar_input_even_against_a_scalar_probability_target()
    {
        // torch 1.13: F.cross_entropy(tensor(1.), tensor(0.5)) raises "Dimension specified as 1 but tensor has no
        // dimensions"; a scalar has no class dimension, so it is never read as a row of probabilities.
        var act = () => new CrossEntropyLoss().Forward(Tensor.Scalar(1.0, backend: Device),
            Tensor.Scalar(0.5, backend: Device));

        act.Should().Throw<ArgumentException>()
            .WithMessage("CrossEntropyLoss: the input must have a class dimension, got a scalar.");
    }

    [TestCaseSource(nameof(ClassIndexNames))]
    public void Class_weights_of_the_wrong_shape_dtype_or_backend_are_refused(string name)
    {
        var loss = ClassIndex.Single(l => l.Name == name).Loss;
        var x = Half(2, 3);
        using var other = new CpuBackend();

        Refuses<ArgumentException>(() => loss(Half(4), x),
            $"{name}: weight has shape (4), expected (3): one weight per class.");
        Refuses<ArgumentException>(() => loss(Half(1, 3), x),
            $"{name}: weight has shape (1x3), expected (3): one weight per class.");
        Refuses<ArgumentException>(() => loss(I32([1, 1, 1], 3), x),
            $"{name}: weight must be a Float32 or Float64 tensor, got Int32 of shape (3).");
        Refuses<InvalidOperationException>(() => loss(Half(3).To(DType.Float64), x), $"{name}: dtypes differ*");
        Refuses<InvalidOperationException>(() => loss(Tensor.Ones([3], backend: other), x),
            $"{name}: tensors live on different backends*");
        loss(Half(3), x).Should().HaveShape(); // the right weight is accepted
    }

    [Test]
    public void Cross_entropy_refuses_probability_targets_of_another_dtype_or_backend()
    {
        using var other = new CpuBackend();
        var x = Half(2, 3);

        Refuses<InvalidOperationException>(() => new CrossEntropyLoss().Forward(x, Half(2, 3).To(DType.Float64)),
            "CrossEntropyLoss: dtypes differ: Float32 and Float64*");
        Refuses<InvalidOperationException>(
            () => new CrossEntropyLoss().Forward(x, Tensor.Full([2, 3], 0.5, backend: other)),
            "CrossEntropyLoss: tensors live on different backends*");
        Refuses<ArgumentException>(() => new CrossEntropyLoss(Half(2)).Forward(x, Half(2, 3)),
            "CrossEntropyLoss: weight has shape (2), expected (3)*");
    }

    [TestCase(-0.1)]
    [TestCase(1.0000001)]
    [TestCase(double.NaN)]
    public void Label_smoothing_outside_zero_to_one_is_refused(double epsilon)
    {
        Refuses<ArgumentOutOfRangeException>(
            () => new CrossEntropyLoss(labelSmoothing: epsilon).Forward(Half(2, 3), I32([0, 1], 2)),
            $"CrossEntropyLoss: label_smoothing must be between 0.0 and 1.0, got {epsilon}.*");
    }

    [Test]
    public void Label_smoothing_of_exactly_one_is_the_uniform_target_as_in_torch()
    {
        var logits = F64([1, 2, 0.5, 0, -1, 3], 2, 3);
        logits.RequiresGrad = true;

        var loss = new CrossEntropyLoss(labelSmoothing: 1).Forward(logits, I32([1, 2], 2));
        loss.Backward();
        var sum = new CrossEntropyLoss(reduction: Reduction.Sum, labelSmoothing: 1).Forward(logits, I32([1, 2], 2));
        var soft = new CrossEntropyLoss(labelSmoothing: 1).Forward(logits, F64([0, 1, 0, 0, 0, 1], 2, 3));

        // torch 1.13: F.cross_entropy(logits, [1, 2], label_smoothing=1.0) and its gradient.
        loss.Item().Should().BeApproximately(1.8484596772660205, 1e-14);
        sum.Item().Should().BeApproximately(3.696919354532041, 1e-14);
        soft.Item().Should().BeApproximately(1.8484596772660205, 1e-14, "the label no longer matters");
        logits.Grad!.Should().BeAllClose([-0.05105471785559214, 0.14759919293921456, -0.09654447508362242,
            -0.14336035537767972, -0.15809275389390645, 0.3014531092715862], 1e-15, 1e-13);
    }

    [Test]
    public void Cross_entropy_of_one_sample_given_as_a_vector_of_logits()
    {
        var logits = F64([1, 2, 0.5], 3);
        logits.RequiresGrad = true;

        var loss = new CrossEntropyLoss().Forward(logits, I32([1], 1).Reshape());
        loss.Backward();

        // torch 1.13: F.cross_entropy(tensor([1., 2., .5]), tensor(1)).
        loss.Should().HaveShape();
        loss.Item().Should().BeApproximately(0.4643687841079449, 1e-15);
        logits.Grad!.Should().BeAllClose([0.23122389762214904, -0.37146828078823757, 0.14024438316608848], 1e-15,
            1e-13);
        new CrossEntropyLoss(labelSmoothing: 0.2).Forward(logits, F64([0, 1, 0], 3)).Item()
            .Should().BeApproximately(
                new CrossEntropyLoss(labelSmoothing: 0.2).Forward(logits, I32([1], 1).Reshape()).Item(), 1e-15);
    }

    [Test]
    public void Kl_batchmean_of_a_scalar_divides_by_one()
    {
        // torch 1.13: kl_div(tensor(-0.7), tensor(0.3), reduction='batchmean') = 0.3·(ln 0.3 + 0.7) (no batch).
        var logQ = Tensor.Scalar(-0.7, DType.Float64, Device);
        var p = Tensor.Scalar(0.3, DType.Float64, Device);
        var expected = 0.3 * (Math.Log(0.3) + 0.7);

        Functional.KlDiv(logQ, p, KlDivReduction.BatchMean).Item().Should().BeApproximately(expected, 1e-15);
        Functional.KlDiv(logQ, p, KlDivReduction.Sum).Item().Should().BeApproximately(expected, 1e-15);
        Functional.KlDiv(F64([-0.7, -0.7], 2, 1), F64([0.3, 0.3], 2, 1), KlDivReduction.BatchMean).Item()
            .Should().BeApproximately(expected, 1e-15, "two rows of the same divergence average to it");
    }

    [Test]
    public void Kl_treats_a_zero_target_probability_as_contributing_nothing_and_log_targets_as_logs()
    {
        var logQ = F64([-1, -2, -0.5], 3);

        var zero = Functional.KlDiv(logQ, F64([0, 0.5, 0.5], 3), KlDivReduction.None);
        // With log targets torch computes exp(t)·(t − input) as it stands, so a log P of −∞ gives NaN there too.
        var logged = Functional.KlDiv(logQ, F64([0.2, 0.3, 0.5], 3).Log(), KlDivReduction.None, logTarget: true);

        zero.Should().BeAllClose([0, 0.5 * (Math.Log(0.5) + 2), 0.5 * (Math.Log(0.5) + 0.5)], 1e-15, 1e-14);
        logged.Should().BeAllClose([0.2 * (Math.Log(0.2) + 1), 0.3 * (Math.Log(0.3) + 2), 0.5 * (Math.Log(0.5) + 0.5)],
            1e-15, 1e-14);
    }

    [Test]
    public void Delta_beta_and_probabilities_at_their_bounds()
    {
        var x = F64([0, 1, 0.5], 3);
        var y = F64([1, 0, 0.5], 3);

        Refuses<ArgumentOutOfRangeException>(() => new HuberLoss(delta: 0).Forward(x, y),
            "HuberLoss: delta must be positive, got 0.*");
        Refuses<ArgumentOutOfRangeException>(() => new HuberLoss(delta: double.NaN).Forward(x, y),
            "HuberLoss: delta must be positive, got NaN.*");
        Refuses<ArgumentOutOfRangeException>(() => new SmoothL1Loss(beta: -1e-9).Forward(x, y),
            "SmoothL1Loss: beta must be >= 0, got -1E-09.*");
        Refuses<ArgumentOutOfRangeException>(() => new SmoothL1Loss(beta: double.NaN).Forward(x, y),
            "SmoothL1Loss: beta must be >= 0, got NaN.*");
        new HuberLoss(Reduction.None, delta: 1e-9).Forward(x, y).Should()
            .BeAllClose([1e-9 * (1 - 0.5e-9), 1e-9 * (1 - 0.5e-9), 0], 1e-24, 1e-12);
        new SmoothL1Loss(Reduction.None, beta: 0).Forward(x, y).Should().BeAllClose([1, 1, 0], 0, 0);
        // p = 0 against y = 1 and p = 1 against y = 0 cost exactly 100 (torch's log clamp); they are accepted.
        new BceLoss(reduction: Reduction.None).Forward(x, y).Should().BeAllClose([100, 100, Math.Log(2)], 0, 1e-15);
        foreach (var bad in new[] { -1e-7, 1 + 1e-7, double.NaN })
        {
            var text = bad.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            Refuses<ArgumentOutOfRangeException>(() => new BceLoss().Forward(F64([0.5, bad], 2), F64([1, 1], 2)),
                $"BceLoss: input {text} at [1] is outside [0, 1]*");
        }
    }

    [TestCase("BceLoss")]
    [TestCase("BceWithLogitsLoss")]
    public void Element_weights_must_broadcast_to_the_input_without_growing_it(string name)
    {
        Func<Tensor?, Tensor, Tensor> loss = name == "BceLoss"
            ? (w, x) => new BceLoss(w).Forward(x, x)
            : (w, x) => new BceWithLogitsLoss(w).Forward(x, x);
        var x = Half(2, 3);
        using var other = new CpuBackend();

        Refuses<ArgumentException>(() => loss(Half(4), x),
            $"{name}: weight of shape (4) does not broadcast to the input shape (2x3).");
        Refuses<ArgumentException>(() => loss(Half(1, 2, 3), x),
            $"{name}: weight of shape (1x2x3) does not broadcast to the input shape (2x3).");
        Refuses<ArgumentException>(() => loss(I32([1, 1, 1], 3), x),
            $"{name}: weight must be a Float32 or Float64 tensor, got Int32 of shape (3).");
        Refuses<InvalidOperationException>(() => loss(Half(3).To(DType.Float64), x), $"{name}: dtypes differ*");
        Refuses<InvalidOperationException>(() => loss(Tensor.Ones([3], backend: other), x),
            $"{name}: tensors live on different backends*");
        Tensor[] broadcastable = [Half(3), Half(2, 1), Half(1, 3), Half(2, 3), Tensor.Scalar(2.0, backend: Device)];
        foreach (var accepted in broadcastable)
        {
            loss(accepted, x).Should().HaveShape();
        }
    }

    [Test]
    public void Pos_weight_must_broadcast_to_the_input_without_growing_it()
    {
        var x = Half(2, 3);
        using var other = new CpuBackend();

        Refuses<ArgumentException>(() => new BceWithLogitsLoss(posWeight: Half(2)).Forward(x, x),
            "BceWithLogitsLoss: posWeight of shape (2) does not broadcast to the input shape (2x3).");
        Refuses<ArgumentException>(() => new BceWithLogitsLoss(posWeight: I32([1, 1, 1], 3)).Forward(x, x),
            "BceWithLogitsLoss: posWeight must be a Float32 or Float64 tensor, got Int32 of shape (3).");
        Refuses<InvalidOperationException>(
            () => new BceWithLogitsLoss(posWeight: Tensor.Ones([3], backend: other)).Forward(x, x),
            "BceWithLogitsLoss: tensors live on different backends*");
        new BceWithLogitsLoss(posWeight: Half(3)).Forward(x, x).Should().HaveShape();
    }

    [Test]
    public void An_unknown_reduction_is_refused_by_every_loss()
    {
        var bad = (Reduction)99;
        var x = Half(2, 3);
        Func<Tensor>[] calls =
        [
            () => new L1Loss(bad).Forward(x, x), () => new MseLoss(bad).Forward(x, x),
            () => new HuberLoss(bad).Forward(x, x), () => new SmoothL1Loss(bad).Forward(x, x),
            () => new SmoothL1Loss(bad, beta: 0).Forward(x, x), () => new BceLoss(reduction: bad).Forward(x, x),
            () => new BceWithLogitsLoss(reduction: bad).Forward(x, x),
            () => new CrossEntropyLoss(reduction: bad).Forward(x, I32([0, 1], 2)),
            () => new CrossEntropyLoss(reduction: bad, labelSmoothing: 0.1).Forward(x, I32([0, 1], 2)),
            () => new CrossEntropyLoss(reduction: bad).Forward(x, x),
            () => new NllLoss(reduction: bad).Forward(x, I32([0, 1], 2)),
            () => new KlDivLoss((KlDivReduction)99).Forward(x, x),
        ];

        foreach (var call in calls)
        {
            Refuses<ArgumentOutOfRangeException>(call, "Unknown reduction 99.*");
        }
    }

    private Func<Tensor, Tensor, Tensor> Find(string name) => SameShape.Single(l => l.Name == name).Loss;

    /// <summary>A tensor of 0.5s (a valid probability, logit and log-probability alike).</summary>
    private Tensor Half(params int[] shape) => Tensor.Full(shape, 0.5, backend: Device);

    /// <summary>Valid labels for an (N, C) input: 0, 1, 2, … modulo C.</summary>
    private static Tensor Labels(Tensor x) =>
        Tensor.FromArray(Enumerable.Range(0, x.Shape[0]).Select(i => i % x.Shape[1]).ToArray(),
            new Shape(x.Shape[0]), x.Backend);

    private static void Refuses<TException>(Func<Tensor> act, string message) where TException : Exception =>
        act.Should().Throw<TException>().WithMessage(message);
}
