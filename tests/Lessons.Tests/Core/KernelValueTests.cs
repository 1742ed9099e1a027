using Lessons.Backends;
using Lessons.Tests.Support;

namespace Lessons.Tests.Core;

/// <summary>
/// The backend primitives held to values computed here by plain loops (the definition, one element at a time),
/// on every backend: the paths that without an OpenCL device no agreement test reaches — reductions along a middle
/// axis with ties, every broadcast layout of the binary kernel, the exact exponents of Pow, copies from a slice.
/// Inputs are small integers so ties are everywhere and every expected value is exact.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class KernelValueTests(string backend) : BackendFixture(backend)
{
    private static readonly AxisLayout[] Layouts =
    [
        new(1, 7, 1), new(3, 5, 1), new(2, 3, 4), new(3, 5, 17), new(1, 4, 33), new(4, 1, 3), new(2, 40, 2),
    ];

    private static readonly DType[] Dtypes = [DType.Float32, DType.Float64, DType.Int32];

    [Test]
    public void Sum_max_and_min_along_any_axis_match_a_loop([ValueSource(nameof(Dtypes))] DType dtype,
        [Values(ReduceOp.Sum, ReduceOp.Max, ReduceOp.Min)] ReduceOp op)
    {
        foreach (var l in Layouts)
        {
            var x = Ties(l.Outer * l.Axis * l.Inner, seed: l.Axis + l.Inner);
            var expected = new double[l.Outer * l.Inner];
            for (var o = 0; o < l.Outer; o++)
            {
                for (var i = 0; i < l.Inner; i++)
                {
                    var column = Enumerable.Range(0, l.Axis).Select(a => x[(((o * l.Axis) + a) * l.Inner) + i]);
                    expected[(o * l.Inner) + i] = op switch
                    {
                        ReduceOp.Sum => column.Sum(),
                        ReduceOp.Max => column.Max(),
                        _ => column.Min(),
                    };
                }
            }

            using var input = Upload(x, dtype);
            using var output = Device.Allocate(dtype, expected.Length);
            Device.Reduce(op, input, output, l);

            Read(output).Should().Equal(expected, $"{op} over {l} in {dtype}");
        }
    }

    [Test]
    public void ArgMax_and_argmin_along_any_axis_pick_the_first_winner([ValueSource(nameof(Dtypes))] DType dtype,
        [Values(ReduceOp.ArgMax, ReduceOp.ArgMin)] ReduceOp op)
    {
        foreach (var l in Layouts)
        {
            var x = Ties(l.Outer * l.Axis * l.Inner, seed: l.Outer + l.Axis);
            var expected = new double[l.Outer * l.Inner];
            for (var o = 0; o < l.Outer; o++)
            {
                for (var i = 0; i < l.Inner; i++)
                {
                    var best = 0;
                    for (var a = 1; a < l.Axis; a++)
                    {
                        var (v, w) = (x[(((o * l.Axis) + a) * l.Inner) + i], x[(((o * l.Axis) + best) * l.Inner) + i]);
                        if (op == ReduceOp.ArgMax ? v > w : v < w)
                        {
                            best = a;
                        }
                    }

                    expected[(o * l.Inner) + i] = best;
                }
            }

            using var input = Upload(x, dtype);
            using var output = Device.Allocate(DType.Int32, expected.Length);
            Device.Reduce(op, input, output, l);

            Read(output).Should().Equal(expected, $"{op} over {l} in {dtype}");
        }
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void Binary_ops_match_a_loop_for_every_broadcast_layout(DType dtype)
    {
        // (3x5) op (3x5), (3x5) op (5), (5) op (3x5), (3x5) op (3x1), (3x1) op (1x5), (3x5)ᵀ read through strides.
        (int[] A, int[] B)[] shapes = [([3, 5], [3, 5]), ([3, 5], [5]), ([5], [3, 5]), ([3, 5], [3, 1]),
            ([3, 1], [1, 5]), ([3, 5], [1]), ([1], [3, 5]), ([17, 9], [17, 9])];
        BinaryOp[] ops = [BinaryOp.Add, BinaryOp.Sub, BinaryOp.Mul, BinaryOp.Div, BinaryOp.Pow, BinaryOp.Maximum,
            BinaryOp.Minimum, BinaryOp.Equal, BinaryOp.NotEqual, BinaryOp.Less, BinaryOp.LessEqual,
            BinaryOp.Greater, BinaryOp.GreaterEqual, BinaryOp.SigmoidBackward];
        foreach (var (sa, sb) in shapes)
        {
            var (shapeA, shapeB) = (new Shape(sa), new Shape(sb));
            var outShape = Shape.Broadcast(shapeA, shapeB, "test");
            var a = Ties(shapeA.Numel, 1).Select(v => v + 1).ToArray(); // 1..4: positive, so Pow and Div are defined
            var b = Ties(shapeB.Numel, 2).Select(v => v + 1).ToArray();
            var layout = BroadcastLayout.For(outShape, shapeA, shapeB);
            foreach (var op in ops)
            {
                var expected = new double[outShape.Numel];
                for (var k = 0; k < expected.Length; k++)
                {
                    var (x, y) = (a[Offset(layout, 0, k)], b[Offset(layout, 1, k)]);
                    expected[k] = Apply(op, x, y, dtype);
                }

                using var ba = Upload(a, dtype);
                using var bb = Upload(b, dtype);
                using var output = Device.Allocate(dtype, expected.Length);
                Device.Binary(op, ba, bb, output, layout);

                Read(output).Should().Equal(expected, $"{op} of {shapeA} and {shapeB} in {dtype}");
            }
        }
    }

    [Test]
    public void Integer_binary_ops_match_a_loop_and_refuse_a_division_by_zero()
    {
        var (shapeA, shapeB) = (new Shape(3, 5), new Shape(5));
        var layout = BroadcastLayout.For(shapeA, shapeA, shapeB);
        var a = Ties(15, 3).Select(v => v - 1).ToArray(); // -1..2
        var b = Ties(5, 4).Select(v => v + 1).ToArray();
        foreach (var op in new[] { BinaryOp.Add, BinaryOp.Sub, BinaryOp.Mul, BinaryOp.Div, BinaryOp.Maximum })
        {
            var expected = Enumerable.Range(0, 15).Select(k => op switch
            {
                BinaryOp.Add => a[k] + b[k % 5],
                BinaryOp.Sub => a[k] - b[k % 5],
                BinaryOp.Mul => a[k] * b[k % 5],
                BinaryOp.Div => Math.Truncate(a[k] / b[k % 5]),
                _ => Math.Max(a[k], b[k % 5]),
            }).ToArray();
            using var ba = Upload(a, DType.Int32);
            using var bb = Upload(b, DType.Int32);
            using var output = Device.Allocate(DType.Int32, 15);
            Device.Binary(op, ba, bb, output, layout);

            Read(output).Should().Equal(expected, $"Int32 {op}");
        }
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void Pow_uses_the_exact_exponents_and_math_pow_for_the_rest(DType dtype)
    {
        double[] x = [0.25, 1, 2, 4, 9, 0.5];
        foreach (var p in new[] { 2, 1, 0.5, -1, 3, -0.5, 0, 1.5 })
        {
            var t = Tensor.FromArray(x, new Shape(x.Length), Device).To(dtype);

            var y = t.Pow(p);

            var expected = x.Select(v => Math.Pow(v, p)).ToArray();
            var tolerance = dtype == DType.Float64 ? 1e-15 : 1e-6;
            y.Should().BeAllClose(expected, tolerance, tolerance);
        }
    }

    [Test]
    public void Products_over_an_empty_axis_are_one_and_sums_zero_as_in_torch()
    {
        // torch.zeros(0, 3).prod(0) = [1, 1, 1] (the empty product), torch.zeros(2, 0).prod(1) = [1, 1]; sums are 0.
        using var tall = Tensor.Zeros([0, 3], backend: Device);
        using var wide = Tensor.Zeros([2, 0], backend: Device);

        tall.Prod(0).Should().BeAllClose([1, 1, 1], 0, 0);
        wide.Prod(1).Should().BeAllClose([1, 1], 0, 0);
        tall.Sum(0).Should().BeAllClose([0, 0, 0], 0, 0);
    }

    [Test]
    public void The_gradient_of_pow_is_p_times_x_to_the_p_minus_one()
    {
        foreach (var p in new[] { 2, 0.5, -1, 3 })
        {
            var x = F64([0.25, 1, 4], 3);
            x.RequiresGrad = true;

            x.Pow(p).Sum().Backward();

            x.Grad!.Should().BeAllClose([.. new[] { 0.25, 1, 4 }.Select(v => p * Math.Pow(v, p - 1))], 1e-15, 1e-14);
        }
    }

    [Test]
    public void Pow_of_two_tensors_and_its_gradients()
    {
        var a = F64([0.5, 2, 3], 3);
        var e = F64([2, -1, 0.5], 3);
        a.RequiresGrad = e.RequiresGrad = true;

        var y = a.Pow(e);
        y.Sum().Backward();

        y.Should().BeAllClose([0.25, 0.5, Math.Sqrt(3)], 1e-15, 1e-15);
        a.Grad!.Should().BeAllClose([2 * 0.5, -1 / 4.0, 0.5 / Math.Sqrt(3)], 1e-15, 1e-14); // b·aᵇ⁻¹
        e.Grad!.Should().BeAllClose([0.25 * Math.Log(0.5), 0.5 * Math.Log(2), Math.Sqrt(3) * Math.Log(3)], 1e-15,
            1e-14); // aᵇ·ln a
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void Unary_ops_match_their_definitions_at_the_edges(DType dtype)
    {
        double[] x = [-3, -1, -0.5, 0, 0.5, 1, 3];
        (UnaryOp Op, double Alpha, double Beta, Func<double, double> F)[] table =
        [
            (UnaryOp.Neg, 0, 0, v => -v),
            (UnaryOp.Abs, 0, 0, Math.Abs),
            (UnaryOp.Square, 0, 0, v => v * v),
            (UnaryOp.Relu, 0, 0, v => Math.Max(v, 0)),
            (UnaryOp.Sign, 0, 0, v => Math.Sign(v)),
            (UnaryOp.AddScalar, 2, 0, v => v + 2),
            (UnaryOp.MulScalar, -3, 0, v => v * -3),
            (UnaryOp.DivScalar, 4, 0, v => v / 4),
            (UnaryOp.Clamp, -1, 0.5, v => Math.Min(Math.Max(v, -1), 0.5)),
            (UnaryOp.InRange, -1, 0.5, v => v >= -1 && v <= 0.5 ? 1 : 0),
            (UnaryOp.GreaterScalar, 0.5, 0, v => v > 0.5 ? 1 : 0),
            (UnaryOp.LessScalar, 0.5, 0, v => v < 0.5 ? 1 : 0),
            (UnaryOp.EqualScalar, 0.5, 0, v => v == 0.5 ? 1 : 0),
            (UnaryOp.Exp, 0, 0, Math.Exp),
            (UnaryOp.Sigmoid, 0, 0, v => 1 / (1 + Math.Exp(-v))),
            (UnaryOp.Tanh, 0, 0, Math.Tanh),
        ];
        var (atol, rtol) = dtype == DType.Float64 ? (1e-15, 1e-14) : (1e-7, 1e-6);
        foreach (var (op, alpha, beta, f) in table)
        {
            using var input = Upload(x, dtype);
            using var output = Device.Allocate(dtype, x.Length);
            Device.Unary(op, input, output, alpha, beta);

            AllCloseAssertions.AssertAllClose(Read(output), [.. x.Select(f)], atol, rtol, $"{op} in {dtype}");
        }
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void Log_sqrt_reciprocal_and_log1p_on_positive_inputs_and_their_limits(DType dtype)
    {
        double[] x = [1e-7, 0.5, 1, 2, 1e6, double.PositiveInfinity];
        (UnaryOp Op, Func<double, double> F)[] table =
        [
            (UnaryOp.Log, Math.Log), (UnaryOp.Sqrt, Math.Sqrt), (UnaryOp.Reciprocal, v => 1 / v),
            (UnaryOp.Log1p, v => v < 1e-3 ? v - (v * v / 2) : Math.Log(1 + v)),
        ];
        var (atol, rtol) = dtype == DType.Float64 ? (1e-15, 1e-14) : (1e-7, 1e-6);
        foreach (var (op, f) in table)
        {
            using var input = Upload(x, dtype);
            using var output = Device.Allocate(dtype, x.Length);
            Device.Unary(op, input, output);

            AllCloseAssertions.AssertAllClose(Read(output), [.. x.Select(f)], atol, rtol, $"{op} in {dtype}");
        }

        using var minusOne = Upload([-1, -2], dtype);
        using var log1p = Device.Allocate(dtype, 2);
        Device.Unary(UnaryOp.Log1p, minusOne, log1p);
        Read(log1p)[0].Should().Be(double.NegativeInfinity);
        double.IsNaN(Read(log1p)[1]).Should().BeTrue("log1p(−2) is NaN");
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void Nan_passes_through_relu_maximum_and_minimum_as_in_torch(DType dtype)
    {
        var x = Tensor.FromArray(new[] { double.NaN, 1, -1 }, new Shape(3), Device).To(dtype);
        var zero = Tensor.FromArray(new double[] { 0, double.NaN, 0 }, new Shape(3), Device).To(dtype);

        x.Relu().ToDoubles()[0].Should().Be(double.NaN);
        Tensor.Maximum(x, zero).Should().BeAllClose([double.NaN, double.NaN, 0], 0, 0);
        Tensor.Minimum(x, zero).Should().BeAllClose([double.NaN, double.NaN, -1], 0, 0);
        Tensor.Maximum(x, Tensor.Scalar(0, dtype, Device)).Should().BeAllClose([double.NaN, 1, 0], 0, 0);
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    [TestCase(DType.Int32)]
    public void Copy_reads_a_slice_at_an_offset_through_any_strides(DType dtype)
    {
        var x = Enumerable.Range(0, 60).Select(v => (double)v).ToArray();
        using var input = Upload(x, dtype);
        (BroadcastLayout Layout, int Offset)[] slices =
        [
            (new([4], [[1]]), 7),            // x[7:11]
            (new([3, 2], [[10, 1]]), 5),     // rows of a (6x10) matrix, columns 5..6
            (new([4], [[0]]), 13),           // x[13] repeated
            (new([2, 3], [[1, 5]]), 20),     // a transposed (3x5) block read from 20
            (new([5], [[3]]), 30),           // every third from 30
        ];
        foreach (var (layout, offset) in slices)
        {
            var expected = Enumerable.Range(0, layout.Numel).Select(k => x[offset + Offset(layout, 0, k)]).ToArray();
            using var output = Device.Allocate(dtype, expected.Length);

            Device.Copy(input, layout, output, offset);

            Read(output).Should().Equal(expected, $"copy of [{string.Join(", ", layout.Shape)}] at {offset}");
        }
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void Where_selects_through_a_broadcast_condition(DType dtype)
    {
        var output = new Shape(3, 4);
        var layout = BroadcastLayout.For(output, new Shape(3, 1), new Shape(4), output);
        using var condition = Upload([1, 0, 1], dtype);
        using var a = Upload([10, 20, 30, 40], dtype);
        using var b = Upload([.. Enumerable.Range(0, 12).Select(v => (double)-v)], dtype);
        using var y = Device.Allocate(dtype, 12);

        Device.Where(condition, a, b, y, layout);

        Read(y).Should().Equal(10, 20, 30, 40, -4, -5, -6, -7, 10, 20, 30, 40);
    }

    [Test]
    public void Integer_division_by_zero_is_an_error_not_a_crash()
    {
        var layout = BroadcastLayout.For(new Shape(3), new Shape(3), new Shape(3));
        using var a = Upload([1, 2, 3], DType.Int32);
        using var b = Upload([1, 0, 1], DType.Int32);
        using var y = Device.Allocate(DType.Int32, 3);

        ((Action)(() => Device.Binary(BinaryOp.Div, a, b, y, layout))).Should().Throw<DivideByZeroException>()
            .WithMessage("Div: integer division by zero.");

        // A zero scalar broadcast along the row (the CPU's path for a tensor divided by one value).
        using var zero = Upload([0], DType.Int32);
        var byScalar = BroadcastLayout.For(new Shape(3), new Shape(3), new Shape(1));
        ((Action)(() => Device.Binary(BinaryOp.Div, a, zero, y, byScalar))).Should().Throw<DivideByZeroException>()
            .WithMessage("Div: integer division by zero.");
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void Casts_to_int_truncate_toward_zero_and_saturate(DType dtype)
    {
        using var x = Upload([2.5, -2.5, 0.99, -0.99, 3e9, -3e9, 7], dtype);
        using var y = Device.Allocate(DType.Int32, 7);

        Device.Cast(x, y);

        Read(y).Should().Equal(2, -2, 0, 0, int.MaxValue, int.MinValue, 7);
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void The_fused_cross_entropy_refuses_a_label_out_of_range_forward_and_backward(DType dtype)
    {
        using var logits = Upload([1, 2, 3, 4, 5, 6], dtype);
        using var labels = Upload([0, 3], DType.Int32);
        using var loss = Device.Allocate(dtype, 2);
        using var upstream = Upload([1, 1], dtype);
        using var grad = Device.Allocate(dtype, 6);
        const string message = "SoftmaxCrossEntropy: label 3 is out of range for 3 classes (expected 0..2).*";

        ((Action)(() => Device.SoftmaxCrossEntropy(logits, labels, loss, 2, 3))).Should()
            .Throw<ArgumentOutOfRangeException>().WithMessage(message);
        ((Action)(() => Device.SoftmaxCrossEntropyBackward(logits, labels, upstream, grad, 2, 3))).Should()
            .Throw<ArgumentOutOfRangeException>().WithMessage(message);
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void Softmax_rows_and_the_fused_cross_entropy_match_their_definitions(DType dtype)
    {
        double[] x = [1, 2, 3, -1, 0, 1000, 5, 5, 5];
        using var input = Upload(x, dtype);
        using var softmax = Device.Allocate(dtype, 9);
        using var logSoftmax = Device.Allocate(dtype, 9);
        using var labels = Upload([2, 0, 1], DType.Int32);
        using var loss = Device.Allocate(dtype, 3);
        using var upstream = Upload([1, 2, -1], dtype);
        using var grad = Device.Allocate(dtype, 9);

        Device.Softmax(input, softmax, 3, 3, log: false);
        Device.Softmax(input, logSoftmax, 3, 3, log: true);
        Device.SoftmaxCrossEntropy(input, labels, loss, 3, 3);
        Device.SoftmaxCrossEntropyBackward(input, labels, upstream, grad, 3, 3);

        var p = new[] { HostMath.Softmax(1, 2, 3), HostMath.Softmax(-1, 0, 1000), HostMath.Softmax(5, 5, 5) };
        var (atol, rtol) = dtype == DType.Float64 ? (1e-15, 1e-14) : (1e-6, 1e-5);
        AllCloseAssertions.AssertAllClose(Read(softmax), [.. p.SelectMany(r => r)], atol, rtol, "softmax");
        AllCloseAssertions.AssertAllClose(Read(logSoftmax),
            [Math.Log(p[0][0]), Math.Log(p[0][1]), Math.Log(p[0][2]), -1001, -1000, 0, -Math.Log(3), -Math.Log(3),
                -Math.Log(3)], atol, rtol, "log-softmax");
        AllCloseAssertions.AssertAllClose(Read(loss), [-Math.Log(p[0][2]), 1001, Math.Log(3)], atol, rtol, "loss");
        AllCloseAssertions.AssertAllClose(Read(grad),
            [p[0][0], p[0][1], p[0][2] - 1, 2 * (p[1][0] - 1), 2 * p[1][1], 2 * p[1][2], -p[2][0], -(p[2][1] - 1),
                -p[2][2]], atol, rtol, "gradient g·(softmax − onehot)");
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void The_fused_squared_loss_gradient_and_sgd_step_match_their_definitions(DType dtype)
    {
        const int n = 37; // longer than a SIMD vector, with a tail
        var yHat = Enumerable.Range(0, n).Select(i => i * 0.5).ToArray();
        var y = Enumerable.Range(0, n).Select(i => 10.0 - i).ToArray();
        var g = Enumerable.Range(0, n).Select(i => (i % 3) - 1.0).ToArray();
        using var bYHat = Upload(yHat, dtype);
        using var bY = Upload(y, dtype);
        using var bG = Upload(g, dtype);
        using var grad = Device.Allocate(dtype, n);

        Device.SquaredLossBackward(bYHat, bY, bG, grad);
        Device.SgdUpdate(bYHat, bG, 0.25);

        Read(grad).Should().Equal(Enumerable.Range(0, n).Select(i => g[i] * (yHat[i] - y[i])));
        Read(bYHat).Should().Equal(Enumerable.Range(0, n).Select(i => yHat[i] - (0.25 * g[i])));
    }

    /// <summary>The flat offset of output element <paramref name="k"/> in input <paramref name="input"/>.</summary>
    private static int Offset(BroadcastLayout layout, int input, int k)
    {
        var offset = 0;
        for (var d = layout.Shape.Length - 1; d >= 0; d--)
        {
            offset += k % layout.Shape[d] * layout.Strides[input][d];
            k /= layout.Shape[d];
        }

        return offset;
    }

    private static double Apply(BinaryOp op, double a, double b, DType dtype)
    {
        var value = op switch
        {
            BinaryOp.Add => a + b,
            BinaryOp.Sub => a - b,
            BinaryOp.Mul => a * b,
            BinaryOp.Div => a / b,
            BinaryOp.Pow => Math.Pow(a, b),
            BinaryOp.Maximum => Math.Max(a, b),
            BinaryOp.Minimum => Math.Min(a, b),
            BinaryOp.Equal => a == b ? 1 : 0,
            BinaryOp.NotEqual => a != b ? 1 : 0,
            BinaryOp.Less => a < b ? 1 : 0,
            BinaryOp.LessEqual => a <= b ? 1 : 0,
            BinaryOp.Greater => a > b ? 1 : 0,
            BinaryOp.GreaterEqual => a >= b ? 1 : 0,
            BinaryOp.SigmoidBackward => a * (1 - b) * b, // the sigmoid's gradient: g·(1 − y)·y
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };
        return dtype == DType.Float32 ? (float)value : value;
    }

    /// <summary>Values 0..3 from a fixed little generator: ties in every row and column.</summary>
    private static double[] Ties(int n, int seed)
    {
        var state = (uint)(seed * 2654435761u) | 1;
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            values[i] = state % 4;
        }

        return values;
    }

    private DeviceBuffer Upload(double[] values, DType dtype) => dtype switch
    {
        DType.Float32 => Device.Upload<float>(Array.ConvertAll(values, v => (float)v)),
        DType.Float64 => Device.Upload<double>(values),
        _ => Device.Upload<int>(Array.ConvertAll(values, v => (int)v)),
    };

    private double[] Read(DeviceBuffer buffer)
    {
        switch (buffer.DType)
        {
            case DType.Float32:
                var f = new float[buffer.Length];
                Device.Download<float>(buffer, f);
                return Array.ConvertAll(f, v => (double)v);
            case DType.Float64:
                var d = new double[buffer.Length];
                Device.Download<double>(buffer, d);
                return d;
            default:
                var i = new int[buffer.Length];
                Device.Download<int>(buffer, i);
                return Array.ConvertAll(i, v => (double)v);
        }
    }
}
