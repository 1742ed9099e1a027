using Lessons.Backends;
using Lessons.Memory;
using Lessons.Random;

namespace Lessons.NN;

/// <summary>
/// A 2-D convolution layer, as torch.nn.Conv2d (d2l §6.2's <c>nn.Conv2d(1, 1, kernel_size=(1, 2))</c>, LeNet's
/// layers in §6.6): outChannels kernels of inChannels × k × k, a bias per output channel, the
/// same stride and zero padding on both axes. See <see cref="Tensor.Conv2d"/> for the operation itself.
/// </summary>
public sealed class Conv2d : Module
{
    /// <summary>
    /// A layer initialised as torch does: weight and bias uniform in ±1/√fan_in, fan_in = inChannels · k²
    /// (kaiming_uniform_ with a = √5 reduces to exactly that).
    /// </summary>
    /// <param name="inChannels">Channels of the input.</param>
    /// <param name="outChannels">Channels of the output: the number of kernels.</param>
    /// <param name="kernelSize">Side of the square kernel.</param>
    /// <param name="stride">Step between two windows.</param>
    /// <param name="padding">Zeros added on every side of the input.</param>
    /// <param name="bias">Whether to add a learned bias per output channel (torch's bias=True).</param>
    /// <param name="generator">Source of the initial values; <see cref="Init.DefaultGenerator"/> when null.</param>
    /// <param name="dtype">Element type of the parameters (Float64 for gradient checks).</param>
    /// <param name="backend">Where the parameters live; <see cref="Backend.Current"/> when null.</param>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, bool bias = true,
        Generator? generator = null, DType dtype = DType.Float32, IBackend? backend = null)
    {
        AtLeast(inChannels, 1, nameof(inChannels));
        AtLeast(outChannels, 1, nameof(outChannels));
        AtLeast(kernelSize, 1, nameof(kernelSize));
        AtLeast(stride, 1, nameof(stride));
        AtLeast(padding, 0, nameof(padding));
        (InChannels, OutChannels, KernelSize, Stride, Padding) = (inChannels, outChannels, kernelSize, stride, padding);
        generator ??= Init.DefaultGenerator;
        backend ??= Backend.Current;
        var bound = 1 / Math.Sqrt(inChannels * kernelSize * kernelSize);

        // Parameters outlive every training step, so no enclosing TensorScope may own them.
        using (TensorScope.Suspend())
        {
            Weight = RegisterParameter("weight", Tensor.Uniform(-bound, bound,
                [outChannels, inChannels, kernelSize, kernelSize], generator, dtype, backend));
            Bias = bias
                ? RegisterParameter("bias", Tensor.Uniform(-bound, bound, [outChannels], generator, dtype, backend))
                : null;
        }
    }

    /// <summary>Channels of the input.</summary>
    public int InChannels { get; }

    /// <summary>Channels of the output.</summary>
    public int OutChannels { get; }

    /// <summary>Side of the square kernel.</summary>
    public int KernelSize { get; }

    /// <summary>Step between two windows.</summary>
    public int Stride { get; }

    /// <summary>Zeros added on every side.</summary>
    public int Padding { get; }

    /// <summary>The kernels, shape (out, in, k, k) as torch's <c>weight</c>.</summary>
    public Tensor Weight { get; }

    /// <summary>The bias, shape (out), or null for a layer built with <c>bias: false</c>.</summary>
    public Tensor? Bias { get; }

    /// <summary>The convolution of an (N, in, H, W) batch or an (in, H, W) image.</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Conv2d(Weight, Bias, Stride, Padding);
    }

    /// <inheritdoc/>
    protected override string ExtraRepresentation() =>
        $"{InChannels}, {OutChannels}, kernel_size=({KernelSize}, {KernelSize}), stride=({Stride}, {Stride})" +
        (Padding == 0 ? "" : $", padding=({Padding}, {Padding})") + (Bias is null ? ", bias=False" : "");

    private static void AtLeast(int value, int least, string name)
    {
        if (value < least)
        {
            throw new ArgumentOutOfRangeException(name, $"Conv2d: {name} must be at least {least}, got {value}.");
        }
    }
}
