using Lessons.Backends;
using Lessons.Tests.Support;

namespace Lessons.Tests.Cnn;

/// <summary>
/// The CPU backend's fast convolution (im2col + GEMM, images spread over the cores) against its readable
/// definition (<c>Convolution.Direct</c>, d2l's corr2d summed over channels), for the forward pass and both
/// gradients, on sizes that fill no block evenly.
/// </summary>
public sealed class CpuConvolutionReferenceTests
{
    public static readonly Conv2dLayout[] Layouts =
    [
        new(1, 1, 3, 3, 1, 2, 2, 1, 0),
        new(2, 3, 7, 6, 4, 3, 3, 1, 1),
        new(3, 2, 9, 8, 5, 5, 5, 2, 2),
        new(2, 2, 5, 11, 3, 2, 3, 3, 1),
        new(1, 2, 2, 2, 2, 5, 5, 3, 2),
        new(64, 6, 14, 14, 16, 5, 5, 1, 0), // LeNet's second convolution: large enough to run on every core
    ];

    [Test]
    public void Fast_convolution_matches_the_definition([ValueSource(nameof(Layouts))] Conv2dLayout l)
    {
        var random = new System.Random(l.GetHashCode());
        double[] Draw(int n) => [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5)];
        var (x, w, bias, gy) = (Draw(l.InputLength), Draw(l.WeightLength), Draw(l.OutChannels), Draw(l.OutputLength));

        var (expected, actual) = (new double[l.OutputLength], new double[l.OutputLength]);
        Lessons.Backends.Cpu.Convolution.Direct(x, w, bias, expected, l);
        Lessons.Backends.Cpu.Convolution.Forward(x, w, bias, actual, l);
        AllCloseAssertions.AssertAllClose(actual, expected, 1e-12, 1e-12, nameof(actual));

        var expectedGx = new double[l.InputLength];
        var actualGx = Enumerable.Repeat(double.NaN, l.InputLength).ToArray(); // every element must be written
        Lessons.Backends.Cpu.Convolution.DirectInputGrad(gy, w, expectedGx, l);
        Lessons.Backends.Cpu.Convolution.InputGrad(gy, w, actualGx, l);
        AllCloseAssertions.AssertAllClose(actualGx, expectedGx, 1e-12, 1e-12, nameof(actualGx));

        var expectedGw = new double[l.WeightLength];
        var actualGw = Enumerable.Repeat(double.NaN, l.WeightLength).ToArray();
        Lessons.Backends.Cpu.Convolution.DirectWeightGrad(x, gy, expectedGw, l);
        Lessons.Backends.Cpu.Convolution.WeightGrad(x, gy, actualGw, l);
        AllCloseAssertions.AssertAllClose(actualGw, expectedGw, 1e-12, 1e-12, nameof(actualGw));
        actualGx.Concat(actualGw).Should().OnlyContain(v => !double.IsNaN(v), "every gradient element is written");
    }

    [Test]
    public void The_definition_is_d2l_corr2d()
    {
        double[] x = [0, 1, 2, 3, 4, 5, 6, 7, 8];
        double[] k = [0, 1, 2, 3];
        var y = new double[4];

        Lessons.Backends.Cpu.Convolution.Direct(x, k, null, y, new Conv2dLayout(1, 1, 3, 3, 1, 2, 2, 1, 0));

        y.Should().Equal(19, 25, 37, 43);
    }
}
