using Lessons.Backends;
using Lessons.Tests.Support;

namespace Lessons.Tests.OpenCl;

/// <summary>
/// The convolution and pooling kernels against the CPU backend on odd sizes (primes, a kernel as large as the
/// padded input, strides that leave a ragged edge), forward and both gradients, float32 and float64.
/// </summary>
[TestFixture(DType.Float32)]
[TestFixture(DType.Float64)]
public sealed class ConvolutionAgreementTests(DType dtype) : AgreementFixture(dtype)
{
    public static readonly Conv2dLayout[] ConvLayouts =
    [
        new(1, 1, 1, 1, 1, 1, 1, 1, 0),
        new(3, 1, 13, 11, 5, 5, 5, 1, 2),
        new(2, 3, 7, 9, 7, 3, 3, 2, 1),
        new(5, 2, 9, 7, 3, 5, 3, 3, 2),
        new(1, 2, 3, 3, 2, 5, 5, 2, 1),
        new(17, 6, 14, 14, 16, 5, 5, 1, 0),
    ];

    public static readonly Pool2dLayout[] PoolLayouts =
    [
        new(1, 1, 1, 1, 1, 0), new(6, 13, 11, 2, 2, 0), new(5, 7, 9, 3, 2, 1), new(3, 9, 7, 3, 1, 1),
        new(2, 5, 5, 5, 3, 2),
    ];

    [Test]
    public void Conv2d_agrees([ValueSource(nameof(ConvLayouts))] Conv2dLayout l, [Values] bool bias)
    {
        using var agree = Agree(StableSeed.Of(l.ToString()));
        var x = agree.Upload(agree.Normal(l.InputLength), DType);
        var w = agree.Upload(agree.Normal(l.WeightLength), DType);
        var b = agree.Upload(agree.Normal(l.OutChannels), DType);
        var y = agree.Zeros(DType, l.OutputLength);
        var tolerance = AgreementTolerances.Accumulated(DType, l.PatchLength);
        agree.Run(be => be.Fill(y.On(be), double.NaN)); // every element must be written
        agree.Run(be => be.Conv2d(x.On(be), w.On(be), bias ? b.On(be) : null, y.On(be), l));
        agree.ShouldAgree(y, tolerance, $"conv2d {l}");

        var gy = agree.Upload(agree.Normal(l.OutputLength), DType);
        var gx = agree.Zeros(DType, l.InputLength);
        agree.Run(be => be.Fill(gx.On(be), double.NaN));
        agree.Run(be => be.Conv2dInputGrad(gy.On(be), w.On(be), gx.On(be), l));
        var taps = l.OutChannels * l.KernelHeight * l.KernelWidth;
        agree.ShouldAgree(gx, AgreementTolerances.Accumulated(DType, taps), $"input grad {l}");

        var gw = agree.Zeros(DType, l.WeightLength);
        agree.Run(be => be.Fill(gw.On(be), double.NaN));
        agree.Run(be => be.Conv2dWeightGrad(x.On(be), gy.On(be), gw.On(be), l));
        // A sum over the whole batch, blocked differently by the device's product: rounding grows faster than √K.
        agree.ShouldAgree(gw, AgreementTolerances.Accumulated(DType, 4 * l.Batch * l.OutHeight * l.OutWidth),
            $"weight grad {l}");
    }

    [Test]
    public void Pools_agree([ValueSource(nameof(PoolLayouts))] Pool2dLayout l)
    {
        using var agree = Agree(StableSeed.Of(l.ToString()));
        var x = agree.Upload(agree.Integers(l.InputLength, -4, 4), DType); // small integers: many ties
        var y = agree.Zeros(DType, l.OutputLength);
        var indices = agree.Zeros(DType.Int32, l.OutputLength);
        agree.Run(be => be.MaxPool2d(x.On(be), y.On(be), indices.On(be), l));
        agree.ShouldAgree(y, AgreementTolerances.Exact, $"max pool {l}");
        agree.ShouldAgree(indices, AgreementTolerances.Exact, $"max pool indices {l}");

        var g = agree.Upload(agree.Normal(l.OutputLength), DType);
        var gx = agree.Zeros(DType, l.InputLength);
        agree.Run(be => be.Fill(gx.On(be), double.NaN));
        agree.Run(be => be.MaxPool2dBackward(g.On(be), indices.On(be), gx.On(be), l));
        agree.ShouldAgree(gx, AgreementTolerances.Accumulated(DType, 9), $"max pool backward {l}");

        agree.Run(be => be.AvgPool2d(x.On(be), y.On(be), l));
        agree.ShouldAgree(y, AgreementTolerances.Accumulated(DType, 25), $"avg pool {l}");
        agree.Run(be => be.Fill(gx.On(be), double.NaN));
        agree.Run(be => be.AvgPool2dBackward(g.On(be), gx.On(be), l));
        agree.ShouldAgree(gx, AgreementTolerances.Accumulated(DType, 9), $"avg pool backward {l}");
    }
}
