using Lessons.Autograd;
using Lessons.Backends;

namespace Lessons;

public sealed partial class Tensor
{
    /// <summary>
    /// torch.nn.functional.conv2d: the 2-D cross-correlation of this (N, C, H, W) batch — or one (C, H, W) image —
    /// with <paramref name="weight"/> (O, C, kh, kw), plus <paramref name="bias"/> (O) when given; the same
    /// <paramref name="stride"/> and zero <paramref name="padding"/> along both axes. The output is
    /// (N, O, ⌊(H + 2p − kh)/s⌋ + 1, ⌊(W + 2p − kw)/s⌋ + 1) (d2l §6.3).
    /// </summary>
    public Tensor Conv2d(Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0)
    {
        const string Op = "Conv2d";
        ArgumentNullException.ThrowIfNull(weight);
        CheckFloatingPoint(Op);
        CheckCompatible(this, weight, Op);
        if (Rank == 3)
        {
            // An unbatched image, as torch accepts: add the batch axis, convolve, remove it.
            var batched = Reshape([1, .. Shape.ToArray()]).Conv2d(weight, bias, stride, padding);
            return batched.Reshape(batched.Shape[1], batched.Shape[2], batched.Shape[3]);
        }

        if (Rank != 4 || weight.Rank != 4)
        {
            throw new ArgumentException(
                $"{Op}: expected an input (N, C, H, W) and a weight (out, in, kh, kw), got {Shape} and " +
                $"{weight.Shape}.");
        }

        if (weight.Shape[1] != Shape[1])
        {
            throw new ArgumentException(
                $"{Op}: the input {Shape} has {Shape[1]} channels but the weight {weight.Shape} expects " +
                $"{weight.Shape[1]} input channels.");
        }

        if (bias is not null)
        {
            CheckCompatible(this, bias, Op);
            if (bias.Rank != 1 || bias.Shape[0] != weight.Shape[0])
            {
                throw new ArgumentException(
                    $"{Op}: the bias must be ({weight.Shape[0]}), one per output channel, got {bias.Shape}.");
            }
        }

        CheckWindow(Op, stride, padding);
        var layout = new Conv2dLayout(Shape[0], Shape[1], Shape[2], Shape[3], weight.Shape[0], weight.Shape[2],
            weight.Shape[3], stride, padding);
        if (Shape[2] + (2 * padding) < weight.Shape[2] || Shape[3] + (2 * padding) < weight.Shape[3])
        {
            throw new ArgumentException(
                $"{Op}: the padded input is {Shape[2] + (2 * padding)}x{Shape[3] + (2 * padding)} (input {Shape}, " +
                $"padding {padding}) but the kernel is {weight.Shape[2]}x{weight.Shape[3]}: a kernel cannot be " +
                "larger than the padded input.");
        }

        var y = Empty(new Shape(layout.Batch, layout.OutChannels, layout.OutHeight, layout.OutWidth), DType, Backend);
        Backend.Conv2d(Buffer, weight.Buffer, bias?.Buffer, y.Buffer, layout);
        Tensor[] inputs = bias is null ? [this, weight] : [this, weight, bias];
        return Record(Op, y, inputs, GradientRules.Conv2d(this, weight, bias, layout));
    }

    /// <summary>
    /// torch.nn.functional.max_pool2d: the largest value of each <paramref name="kernelSize"/>² window of every
    /// plane of this (N, C, H, W) or (C, H, W) tensor, the windows <paramref name="stride"/> apart (by default
    /// the kernel size: windows side by side), the input padded with −∞. The gradient goes to the element that
    /// was the maximum (the first one on a tie).
    /// </summary>
    public Tensor MaxPool2d(int kernelSize, int? stride = null, int padding = 0)
    {
        var (input, layout) = PoolInput("MaxPool2d", kernelSize, stride, padding);
        var y = Empty(new Shape(input.Shape[0], input.Shape[1], layout.OutHeight, layout.OutWidth), DType, Backend);
        var indices = Empty(y.Shape, DType.Int32, Backend);
        Backend.MaxPool2d(input.Buffer, y.Buffer, indices.Buffer, layout);
        var result = Record("MaxPool2d", y, [input], GradientRules.MaxPool2d(input, indices, layout));
        return Rank == 3 ? result.Reshape(Shape[0], layout.OutHeight, layout.OutWidth) : result;
    }

    /// <summary>
    /// torch.nn.functional.avg_pool2d: the mean of each <paramref name="kernelSize"/>² window of every plane, the
    /// windows <paramref name="stride"/> apart (by default the kernel size), zero padding counted in the mean
    /// (torch's default count_include_pad=True).
    /// </summary>
    public Tensor AvgPool2d(int kernelSize, int? stride = null, int padding = 0)
    {
        var (input, layout) = PoolInput("AvgPool2d", kernelSize, stride, padding);
        var y = Empty(new Shape(input.Shape[0], input.Shape[1], layout.OutHeight, layout.OutWidth), DType, Backend);
        Backend.AvgPool2d(input.Buffer, y.Buffer, layout);
        var result = Record("AvgPool2d", y, [input], GradientRules.AvgPool2d(input, layout));
        return Rank == 3 ? result.Reshape(Shape[0], layout.OutHeight, layout.OutWidth) : result;
    }

    /// <summary>The (N, C, H, W) view of the input and the pooling layout, after torch's checks.</summary>
    private (Tensor Input, Pool2dLayout Layout) PoolInput(string op, int kernelSize, int? stride, int padding)
    {
        CheckFloatingPoint(op);
        if (Rank is not (3 or 4))
        {
            throw new ArgumentException($"{op}: expected an input (N, C, H, W) or (C, H, W), got {Shape}.");
        }

        if (kernelSize < 1)
        {
            throw new ArgumentException($"{op}: the kernel size must be at least 1, got {kernelSize}.");
        }

        var s = stride ?? kernelSize;
        CheckWindow(op, s, padding);
        if (padding > kernelSize / 2)
        {
            throw new ArgumentException(
                $"{op}: padding {padding} is more than half the kernel size {kernelSize}; torch allows at most " +
                $"{kernelSize / 2}.");
        }

        var input = Rank == 3 ? Reshape([1, .. Shape.ToArray()]) : this;
        var layout = new Pool2dLayout(input.Shape[0] * input.Shape[1], input.Shape[2], input.Shape[3], kernelSize, s,
            padding);
        if (input.Shape[2] + (2 * padding) < kernelSize || input.Shape[3] + (2 * padding) < kernelSize)
        {
            throw new ArgumentException(
                $"{op}: the padded input is {input.Shape[2] + (2 * padding)}x{input.Shape[3] + (2 * padding)} " +
                $"(input {Shape}, padding {padding}), smaller than the {kernelSize}x{kernelSize} window.");
        }

        return (input, layout);
    }

    private static void CheckWindow(string op, int stride, int padding)
    {
        if (stride < 1)
        {
            throw new ArgumentException($"{op}: the stride must be at least 1, got {stride}.");
        }

        if (padding < 0)
        {
            throw new ArgumentException($"{op}: the padding cannot be negative, got {padding}.");
        }
    }
}
