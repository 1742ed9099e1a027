using System.Numerics;
using Lessons.Backends;
using Lessons.Backends.Cpu;
using Lessons.Tests.Support;

namespace Lessons.Tests.Cnn;

/// <summary>
/// The CPU backend's fast convolutions against its readable definition (<c>Convolution.Direct</c>, d2l's corr2d
/// summed over channels), for the forward pass and both gradients, in float32 and float64, with and without a bias,
/// on sizes that fill no block evenly: the stride-1 kernels that read the padded image in place
/// (<see cref="ShiftedConvolution"/>), which the backend runs for stride 1, and im2col + GEMM, which it runs for the
/// other strides and for an input gradient whose padding exceeds k − 1 (tested on every layout, so it stays correct
/// where the other one takes over).
/// </summary>
public sealed class CpuConvolutionReferenceTests
{
    public static IEnumerable<Conv2dLayout> Layouts()
    {
        // kernel 1, 3, 5 × stride 1, 2 × padding 0–2, with 1 and 3 input channels, odd sizes
        foreach (var kernel in new[] { 1, 3, 5 })
        {
            foreach (var stride in new[] { 1, 2 })
            {
                foreach (var padding in new[] { 0, 1, 2 })
                {
                    foreach (var channels in new[] { 1, 3 })
                    {
                        yield return new(2, channels, 7, 6, 5, kernel, kernel, stride, padding);
                    }
                }
            }
        }

        yield return new(2, 2, 5, 11, 3, 2, 3, 3, 1); // a rectangular kernel
        yield return new(1, 2, 2, 2, 2, 5, 5, 3, 2); // a kernel larger than the image
        yield return new(2, 3, 9, 8, 7, 2, 3, 1, 1); // rectangular, stride 1: the shifted kernels
        yield return new(16, 1, 28, 28, 6, 5, 5, 1, 2); // LeNet's first convolution, on every core
        yield return new(24, 6, 14, 14, 16, 5, 5, 1, 0); // LeNet's second
        yield return new(5, 1, 30, 30, 2, 3, 3, 1, 1); // chunks of 2 images on one core, the last one short
    }

    public static IEnumerable<TestCaseData> Cases() =>
        from l in Layouts()
        from dtype in new[] { DType.Float32, DType.Float64 }
        from bias in new[] { true, false }
        select new TestCaseData(l, dtype, bias).SetName(
            $"{{m}}(N{l.Batch} C{l.InChannels} {l.Height}x{l.Width} O{l.OutChannels} " +
            $"k{l.KernelHeight}x{l.KernelWidth} s{l.Stride} p{l.Padding}, {dtype}, bias {bias})");

    [TestCaseSource(nameof(Cases))]
    public void Fast_convolutions_match_the_definition(Conv2dLayout l, DType dtype, bool bias)
    {
        if (dtype == DType.Float32)
        {
            Check<float>(l, bias, tolerance: 2e-5);
        }
        else
        {
            Check<double>(l, bias, tolerance: 1e-12);
        }
    }

    [Test]
    public void The_definition_is_d2l_corr2d()
    {
        double[] x = [0, 1, 2, 3, 4, 5, 6, 7, 8];
        double[] k = [0, 1, 2, 3];
        var y = new double[4];

        Convolution.Direct(x, k, null, y, new Conv2dLayout(1, 1, 3, 3, 1, 2, 2, 1, 0));

        y.Should().Equal(19, 25, 37, 43);
    }

    [Test]
    public void The_shifted_kernels_take_stride_1_and_leave_the_rest_to_im2col()
    {
        ShiftedConvolution.Applies(new Conv2dLayout(2, 1, 28, 28, 6, 5, 5, 1, 2)).Should().BeTrue();
        ShiftedConvolution.Applies(new Conv2dLayout(2, 1, 28, 28, 6, 5, 5, 2, 2)).Should().BeFalse();
        ShiftedConvolution.AppliesToInputGrad(new Conv2dLayout(2, 1, 7, 6, 5, 3, 3, 1, 2)).Should().BeTrue();
        ShiftedConvolution.AppliesToInputGrad(new Conv2dLayout(2, 1, 7, 6, 5, 1, 1, 1, 2)).Should().BeFalse(
            "padding 2 with a 1×1 kernel would need the output gradient cropped, not padded");
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    public void Non_finite_inputs_and_weights_give_the_definitions_gradients(int padding)
    {
        // The shifted kernels also multiply zeros that the definition never multiplies (gY's thrown-away columns and
        // padding): 0 · ∞ there would be NaN where torch's gradient is finite.
        var l = new Conv2dLayout(2, 2, 7, 6, 3, 3, 3, 1, padding);
        var random = new System.Random(5);
        double[] Draw(int n) => [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5)];
        var (x, w, gy) = (Draw(l.InputLength), Draw(l.WeightLength), Draw(l.OutputLength));
        x[(1 * 2 * 42) + (1 * 42) + (3 * 6) + 2] = double.PositiveInfinity; // image 1, channel 1, row 3, column 2
        x[5] = double.NaN; // image 0, channel 0, row 0, column 5: on the right border
        w[4] = double.NegativeInfinity;

        var expectedGw = new double[l.WeightLength];
        Convolution.DirectWeightGrad(x, gy, expectedGw, l);
        Compare(l.WeightLength, expectedGw, gw => Convolution.WeightGrad(x, gy, gw, l), 1e-12, "weight gradient");
        var expectedGx = new double[l.InputLength];
        Convolution.DirectInputGrad(gy, w, expectedGx, l);
        Compare(l.InputLength, expectedGx, gx => Convolution.InputGrad(gy, w, gx, l), 1e-12, "input gradient");
        expectedGx.Should().Contain(v => double.IsFinite(v), "input channel 1 never meets the −∞ weight");
        expectedGw.Should().Contain(v => double.IsInfinity(v), "an ∞ input times a nonzero gY is ∞, not NaN");
    }

    private static void Check<T>(Conv2dLayout l, bool withBias, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(StableSeed.Of(l.ToString()));
        T[] Draw(int n) => [.. Enumerable.Range(0, n).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5))];
        var (x, w, gy) = (Draw(l.InputLength), Draw(l.WeightLength), Draw(l.OutputLength));
        var bias = withBias ? Draw(l.OutChannels) : null;

        var expected = new T[l.OutputLength];
        Convolution.Direct(x, w, bias, expected, l);
        Compare(l.OutputLength, expected, y => Convolution.Forward(x, w, bias, y, l), tolerance, "forward");
        Compare(l.OutputLength, expected, y => Convolution.Im2ColForward(x, w, bias, y, l), tolerance,
            "im2col forward");

        var expectedGx = new T[l.InputLength];
        Convolution.DirectInputGrad(gy, w, expectedGx, l);
        Compare(l.InputLength, expectedGx, gx => Convolution.InputGrad(gy, w, gx, l), tolerance, "input gradient");
        Compare(l.InputLength, expectedGx, gx => Convolution.Im2ColInputGrad(gy, w, gx, l), tolerance,
            "im2col input gradient");

        var expectedGw = new T[l.WeightLength];
        Convolution.DirectWeightGrad(x, gy, expectedGw, l);
        Compare(l.WeightLength, expectedGw, gw => Convolution.WeightGrad(x, gy, gw, l), tolerance, "weight gradient");
        Compare(l.WeightLength, expectedGw, gw => Convolution.Im2ColWeightGrad(x, gy, gw, l), tolerance,
            "im2col weight gradient");
    }

    /// <summary>Runs <paramref name="fast"/> into an output full of NaN (so every element must be written) and
    /// compares it with the definition's.</summary>
    private static void Compare<T>(int length, T[] expected, Action<T[]> fast, double tolerance, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var actual = Enumerable.Repeat(T.NaN, length).ToArray();
        fast(actual);
        AllCloseAssertions.AssertAllClose([.. actual.Select(double.CreateTruncating)],
            [.. expected.Select(double.CreateTruncating)], tolerance, tolerance, what);
    }
}
