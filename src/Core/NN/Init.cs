using Lessons.Memory;
using Lessons.Random;

namespace Lessons.NN;

/// <summary>
/// In-place initialisers for parameters, as torch.nn.init (d2l §3.3 / §3.5 initialises its layer with
/// <c>net[0].weight.data.normal_(0, 0.01)</c> and <c>net[0].bias.data.fill_(0)</c>). Each one writes into the
/// tensor under <see cref="Tensor.NoGrad"/>, so it works on parameters that require grad and records nothing.
/// </summary>
public static class Init
{
    /// <summary>
    /// The generator modules and initialisers use when none is given (torch's default generator), seeded with 0
    /// so that a lesson run twice starts from the same weights. Replace it to reseed everything at once.
    /// </summary>
    public static Generator DefaultGenerator { get; set; } = new(0);

    /// <summary>
    /// Fills <paramref name="tensor"/> with samples of N(<paramref name="mean"/>, <paramref name="std"/>²)
    /// (torch's normal_).
    /// </summary>
    public static Tensor Normal(Tensor tensor, double mean = 0, double std = 1, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var values = new double[tensor.Numel];
        (generator ?? DefaultGenerator).FillNormal(values, mean, std);
        return Write(tensor, values);
    }

    /// <summary>
    /// Fills <paramref name="tensor"/> with samples of U[<paramref name="low"/>, <paramref name="high"/>)
    /// (torch's uniform_).
    /// </summary>
    public static Tensor Uniform(Tensor tensor, double low = 0, double high = 1, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var values = new double[tensor.Numel];
        (generator ?? DefaultGenerator).FillUniform(values, low, high);
        return Write(tensor, values);
    }

    /// <summary>
    /// Fills <paramref name="tensor"/> from U[−a, a] with a = gain·√(6 / (fan_in + fan_out)) (torch's xavier_uniform_,
    /// Glorot and Bengio 2010; d2l §6.6 initialises LeNet with it). For a weight (out, in, k…) fan_in is in·k… and
    /// fan_out is out·k…; a 1-D tensor is refused, as torch does.
    /// </summary>
    public static Tensor XavierUniform(Tensor tensor, double gain = 1, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Rank < 2)
        {
            throw new ArgumentException(
                $"XavierUniform: fan in and fan out cannot be computed for a tensor of fewer than 2 dimensions, " +
                $"got {tensor.Shape}.");
        }

        var receptiveField = tensor.Shape.ToArray()[2..].Aggregate(1, (p, d) => p * d);
        var (fanIn, fanOut) = (tensor.Shape[1] * receptiveField, tensor.Shape[0] * receptiveField);
        var bound = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
        return Uniform(tensor, -bound, bound, generator);
    }

    /// <summary>Sets every element to <paramref name="value"/> (torch's constant_, d2l's fill_).</summary>
    public static Tensor Constant(Tensor tensor, double value)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using (Tensor.NoGrad())
        {
            tensor.FillInPlace(value);
        }

        return tensor;
    }

    /// <summary>Sets every element to 0 (torch's zeros_).</summary>
    public static Tensor Zeros(Tensor tensor) => Constant(tensor, 0);

    /// <summary>Sets every element to 1 (torch's ones_).</summary>
    public static Tensor Ones(Tensor tensor) => Constant(tensor, 1);

    /// <summary>Copies host values (drawn in double precision) into the tensor, in its dtype, on its backend.</summary>
    private static Tensor Write(Tensor tensor, double[] values)
    {
        if (!tensor.DType.IsFloatingPoint())
        {
            throw new ArgumentException($"Init: only floating-point tensors can be initialised, got {tensor.DType}.");
        }

        // The upload is a temporary: it belongs to no scope and is released at once.
        using (TensorScope.Suspend())
        using (Tensor.NoGrad())
        using (var source = Tensor.FromDoubles(values, tensor.Shape, tensor.DType, tensor.Backend))
        {
            tensor.CopyFrom(source);
        }

        return tensor;
    }
}
