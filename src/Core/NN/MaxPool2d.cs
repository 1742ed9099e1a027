namespace Lessons.NN;

/// <summary>
/// Max pooling as torch.nn.MaxPool2d (d2l §6.5): the largest value of each window, windows side by side unless
/// a stride is given. No parameters. See <see cref="Tensor.MaxPool2d"/>.
/// </summary>
/// <param name="kernelSize">Side of the square window.</param>
/// <param name="stride">Step between two windows; the kernel size when null (torch's default).</param>
/// <param name="padding">−∞ padding on every side, at most half the kernel size.</param>
public sealed class MaxPool2d(int kernelSize, int? stride = null, int padding = 0) : Module
{
    /// <summary>Side of the square window.</summary>
    public int KernelSize { get; } = kernelSize;

    /// <summary>Step between two windows.</summary>
    public int Stride { get; } = stride ?? kernelSize;

    /// <summary>Padding on every side.</summary>
    public int Padding { get; } = padding;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.MaxPool2d(KernelSize, Stride, Padding);
    }

    /// <inheritdoc/>
    protected override string ExtraRepresentation() =>
        $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation=1, ceil_mode=False";
}
