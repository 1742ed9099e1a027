namespace Lessons.Backends;

/// <summary>
/// The sizes of one 2-D convolution over an NCHW batch, as torch.nn.functional.conv2d reads them: input
/// (Batch, InChannels, Height, Width), weight (OutChannels, InChannels, KernelHeight, KernelWidth), output
/// (Batch, OutChannels, OutHeight, OutWidth), the same stride and zero padding along both axes.
/// </summary>
/// <param name="Batch">Number of images, N.</param>
/// <param name="InChannels">Channels of the input, C.</param>
/// <param name="Height">Input height, H.</param>
/// <param name="Width">Input width, W.</param>
/// <param name="OutChannels">Channels of the output (number of kernels), O.</param>
/// <param name="KernelHeight">Kernel height, kh.</param>
/// <param name="KernelWidth">Kernel width, kw.</param>
/// <param name="Stride">Step between two windows, s.</param>
/// <param name="Padding">Zeros added on every side, p.</param>
public sealed record Conv2dLayout(int Batch, int InChannels, int Height, int Width, int OutChannels,
    int KernelHeight, int KernelWidth, int Stride, int Padding)
{
    /// <summary>⌊(H + 2p − kh) / s⌋ + 1, d2l §6.3's output-shape formula.</summary>
    public int OutHeight => ((Height + (2 * Padding) - KernelHeight) / Stride) + 1;

    /// <summary>⌊(W + 2p − kw) / s⌋ + 1.</summary>
    public int OutWidth => ((Width + (2 * Padding) - KernelWidth) / Stride) + 1;

    /// <summary>Elements of the input, N·C·H·W.</summary>
    public int InputLength => Batch * InChannels * Height * Width;

    /// <summary>Elements of the weight, O·C·kh·kw.</summary>
    public int WeightLength => OutChannels * InChannels * KernelHeight * KernelWidth;

    /// <summary>Elements of the output, N·O·OH·OW.</summary>
    public int OutputLength => Batch * OutChannels * OutHeight * OutWidth;

    /// <summary>One patch of the input as a column of im2col: C·kh·kw values.</summary>
    public int PatchLength => InChannels * KernelHeight * KernelWidth;
}

/// <summary>
/// The sizes of one 2-D pooling over (Planes, Height, Width): every (image, channel) plane of an NCHW batch is
/// pooled on its own, with a square window, one stride and the same padding on every side (torch's ceil_mode
/// false, dilation 1).
/// </summary>
/// <param name="Planes">N·C, the number of planes.</param>
/// <param name="Height">Input height.</param>
/// <param name="Width">Input width.</param>
/// <param name="KernelSize">Window side.</param>
/// <param name="Stride">Step between two windows.</param>
/// <param name="Padding">Padding on every side: −∞ for max pooling, zeros for average pooling.</param>
public sealed record Pool2dLayout(int Planes, int Height, int Width, int KernelSize, int Stride, int Padding)
{
    /// <summary>⌊(H + 2p − k) / s⌋ + 1.</summary>
    public int OutHeight => ((Height + (2 * Padding) - KernelSize) / Stride) + 1;

    /// <summary>⌊(W + 2p − k) / s⌋ + 1.</summary>
    public int OutWidth => ((Width + (2 * Padding) - KernelSize) / Stride) + 1;

    /// <summary>Elements of the input.</summary>
    public int InputLength => Planes * Height * Width;

    /// <summary>Elements of the output.</summary>
    public int OutputLength => Planes * OutHeight * OutWidth;
}
