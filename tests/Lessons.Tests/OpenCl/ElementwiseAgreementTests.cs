using Lessons.Backends;

namespace Lessons.Tests.OpenCl;

/// <summary>Unary, binary, where, copy, cast and fill: OpenCL against the CPU reference.</summary>
[TestFixture(DType.Float32)]
[TestFixture(DType.Float64)]
public sealed class ElementwiseAgreementTests(DType dtype) : AgreementFixture(dtype)
{
    /// <summary>Values every element-wise op must treat like the CPU: zeros, NaN, infinities, huge, tiny.</summary>
    private static readonly double[] Special =
        [0, -0.0, 0.25, 1, -1, 2, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e30, -1e30, 1e-30];

    /// <summary>One broadcast case: the output's shape and the two inputs' shapes.</summary>
    public static IEnumerable<TestCaseData> BinaryLayouts()
    {
        yield return new TestCaseData(new[] { 257 }, new[] { 257 }, new[] { 257 }).SetArgDisplayNames("(257) op (257)");
        yield return new TestCaseData(new[] { 33, 255 }, new[] { 33, 1 }, new[] { 1, 255 })
            .SetArgDisplayNames("(33x1) op (1x255)");
        yield return new TestCaseData(new[] { 7, 31, 33 }, new[] { 7, 31, 33 }, new[] { 31, 1 })
            .SetArgDisplayNames("(7x31x33) op (31x1)");
        yield return new TestCaseData(new[] { 1000 }, Array.Empty<int>(), new[] { 1000 })
            .SetArgDisplayNames("() op (1000)");
        yield return new TestCaseData(new[] { 1 }, new[] { 1 }, Array.Empty<int>()).SetArgDisplayNames("(1) op ()");
    }

    [Test]
    public void Unary_agrees([Values] UnaryOp op, [ValueSource(nameof(Sizes))] int n)
    {
        using var agree = Agree(n);
        var values = agree.Normal(n);
        Special.AsSpan(0, Math.Min(n, Special.Length)).CopyTo(values);
        var (alpha, beta) = op switch
        {
            UnaryOp.AddScalar => (0.5, 0),
            UnaryOp.MulScalar => (-1.5, 0),
            UnaryOp.DivScalar => (3, 0),
            UnaryOp.PowScalar => (3, 0),
            UnaryOp.Clamp or UnaryOp.InRange => (-0.5, 0.7),
            UnaryOp.GreaterScalar or UnaryOp.LessScalar or UnaryOp.EqualScalar => (0.25, 0),
            _ => (0.0, 0.0),
        };
        var x = agree.Upload(values, DType);
        var y = agree.Zeros(DType, n);
        agree.Run(b => b.Unary(op, x.On(b), y.On(b), alpha, beta));
        agree.ShouldAgree(y, AgreementTolerances.Elementwise(DType), $"{op} of {n}");
    }

    [Test]
    public void PowScalar_agrees_for_the_exponents_computed_exactly_and_the_rest(
        [Values(2, 1, 0.5, -1, 3, 1.5, -0.5)] double p)
    {
        using var agree = Agree();
        var values = agree.Normal(257).Select(Math.Abs).ToArray();
        values[0] = 0;
        var x = agree.Upload(values, DType);
        var y = agree.Zeros(DType, 257);
        agree.Run(b => b.Unary(UnaryOp.PowScalar, x.On(b), y.On(b), p));
        agree.ShouldAgree(y, AgreementTolerances.Elementwise(DType), $"x^{p}");
    }

    [TestCaseSource(nameof(BinaryLayouts))]
    public void Binary_agrees(int[] output, int[] aShape, int[] bShape)
    {
        foreach (var op in Enum.GetValues<BinaryOp>())
        {
            using var agree = Agree((int)op);
            var layout = BroadcastLayout.For(new Shape(output), new Shape(aShape), new Shape(bShape));
            var aValues = agree.Normal(new Shape(aShape).Numel);
            var bValues = agree.Normal(new Shape(bShape).Numel);
            if (op is BinaryOp.Equal or BinaryOp.NotEqual or BinaryOp.LessEqual or BinaryOp.GreaterEqual)
            {
                // Comparisons need some equal pairs to mean anything.
                aValues = [.. aValues.Select(v => Math.Round(v))];
                bValues = [.. bValues.Select(v => Math.Round(v))];
            }

            if (aValues.Length > 1)
            {
                aValues[0] = double.NaN; // NaN must propagate (Maximum, Minimum) or compare false, as on the CPU
            }
            var a = agree.Upload(aValues, DType);
            var b = agree.Upload(bValues, DType);
            var y = agree.Zeros(DType, layout.Numel);
            agree.Run(be => be.Binary(op, a.On(be), b.On(be), y.On(be), layout));
            agree.ShouldAgree(y, AgreementTolerances.Elementwise(DType), $"{op}");
        }
    }

    [Test]
    public void Binary_reads_a_transposed_operand_through_its_strides()
    {
        using var agree = Agree();
        // a is stored (33x31) and read as its transpose (31x33); b is an ordinary (31x33).
        var layout = new BroadcastLayout([31, 33], [[1, 31], [33, 1]]);
        var a = agree.Upload(agree.Normal(33 * 31), DType);
        var b = agree.Upload(agree.Normal(33 * 31), DType);
        var y = agree.Zeros(DType, 33 * 31);
        agree.Run(be => be.Binary(BinaryOp.Sub, a.On(be), b.On(be), y.On(be), layout));
        agree.ShouldAgree(y, AgreementTolerances.Exact, "aᵀ - b");
    }

    [Test]
    public void Where_agrees_with_a_broadcast_condition()
    {
        using var agree = Agree();
        int[] output = [33, 255];
        var layout = BroadcastLayout.For(new Shape(output), new Shape(33, 1), new Shape(1, 255), new Shape(output));
        var condition = agree.Upload(agree.Integers(33, 0, 2), DType);
        var a = agree.Upload(agree.Normal(255), DType);
        var b = agree.Upload(agree.Normal(33 * 255), DType);
        var y = agree.Zeros(DType, 33 * 255);
        agree.Run(be => be.Where(condition.On(be), a.On(be), b.On(be), y.On(be), layout));
        agree.ShouldAgree(y, AgreementTolerances.Exact, "where");
    }

    [Test]
    public void Copy_agrees_for_transpose_permute_expand_and_offset()
    {
        using var agree = Agree();
        var x = agree.Upload(agree.Normal(7 * 31 * 33), DType);
        BroadcastLayout[] layouts =
        [
            new([257, 7], [[1, 257]]),                       // (7x257) transposed (reads 1799 of them)
            new([33, 7, 31], [[1, 31 * 33, 33]]),            // permute (7,31,33) -> (33,7,31)
            new([7, 255], [[0, 1]]),                         // expand (1x255) -> (7x255)
            new([1000], [[1]]),                              // a plain contiguous run
            new([], [[]]),                                   // one scalar
        ];
        foreach (var (layout, i) in layouts.Select((l, i) => (l, i)))
        {
            var offset = i == 3 ? 123 : i == 4 ? 77 : 0;
            var y = agree.Zeros(DType, layout.Numel);
            agree.Run(b => b.Copy(x.On(b), layout, y.On(b), offset));
            agree.ShouldAgree(y, AgreementTolerances.Exact, $"copy layout {i}");
        }
    }

    [Test]
    public void Cast_agrees_to_every_dtype([Values] DType target)
    {
        OpenClTestDevice.RequireSupport(Ocl, target);

        using var agree = Agree();
        double[] special =
            [2.5, -2.5, 0.49, -0.99, 3e9, -3e9, double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        var values = special.Concat(agree.Normal(257).Select(v => v * 100)).ToArray();
        var x = agree.Upload(values, DType);
        var y = agree.Zeros(target, values.Length);
        agree.Run(b => b.Cast(x.On(b), y.On(b)));
        agree.ShouldAgree(y, AgreementTolerances.Exact, $"{DType} -> {target}");
    }

    [Test]
    public void Fill_and_Allocate_agree([ValueSource(nameof(Sizes))] int n)
    {
        using var agree = Agree();
        var zeros = agree.Zeros(DType, n);
        agree.ShouldAgree(zeros, AgreementTolerances.Exact, "allocate");
        agree.Run(b => b.Fill(zeros.On(b), -0.1));
        agree.ShouldAgree(zeros, AgreementTolerances.Exact, "fill");
    }

    [Test]
    public void Fused_training_kernels_agree([ValueSource(nameof(Sizes))] int n)
    {
        using var agree = Agree(n);
        var yHat = agree.Upload(agree.Normal(n), DType);
        var y = agree.Upload(agree.Normal(n), DType);
        var g = agree.Upload(agree.Normal(n), DType);
        var grad = agree.Zeros(DType, n);
        agree.Run(b => b.SquaredLossBackward(yHat.On(b), y.On(b), g.On(b), grad.On(b)));
        agree.ShouldAgree(grad, AgreementTolerances.Elementwise(DType), "squared loss backward");

        agree.Run(b => b.SgdUpdate(yHat.On(b), grad.On(b), 0.03));
        agree.ShouldAgree(yHat, AgreementTolerances.Elementwise(DType), "sgd update");
    }

    [Test]
    public void Adam_update_agrees(
        [ValueSource(nameof(Sizes))] int n, [Values] bool amsgrad, [Values(0, 0.01)] double wd)
    {
        using var agree = Agree(n);
        var param = agree.Upload(agree.Normal(n), DType);
        var grad = agree.Upload(agree.Normal(n), DType);
        var m = agree.Upload(agree.Normal(n), DType);
        var v = agree.Upload([.. agree.Normal(n).Select(x => x * x)], DType);
        var vMax = agree.Upload([.. agree.Normal(n).Select(x => x * x)], DType);
        for (var t = 1; t <= 3; t++)
        {
            var (stepSize, correction2Sqrt) = (0.001 / (1 - Math.Pow(0.9, t)), Math.Sqrt(1 - Math.Pow(0.999, t)));
            var step = new AdamStep(0.9, 0.999, 1e-8, wd, stepSize, correction2Sqrt);
            agree.Run(b => b.AdamUpdate(param.On(b), grad.On(b), m.On(b), v.On(b), amsgrad ? vMax.On(b) : null, step));
        }

        var tolerance = AgreementTolerances.Elementwise(DType);
        agree.ShouldAgree(m, tolerance, "exp_avg");
        agree.ShouldAgree(v, tolerance, "exp_avg_sq");
        agree.ShouldAgree(param, tolerance, "param");
        if (amsgrad)
        {
            agree.ShouldAgree(vMax, tolerance, "max_exp_avg_sq");
        }
    }
}
