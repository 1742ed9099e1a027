using System.Globalization;
using Lessons.Backends;

namespace Lessons.Data;

/// <summary>
/// torchvision's <c>transforms.Normalize(mean, std)</c>: each channel c of a batch of images (…, C, H, W) becomes
/// <c>(x − mean[c]) / std[c]</c>, computed in the images' dtype as torch does (mean and std converted to it first,
/// then a subtraction and a true division), so float32 results are bit-identical to torch's. A mean or std of one
/// value applies to every channel. The seed notes' MNIST recipe uses <c>Normalize((0.1307,), (0.3081,))</c>, the
/// mean and standard deviation of MNIST's training pixels, so the inputs have mean 0 and variance 1.
/// </summary>
public sealed class Normalize
{
    /// <summary>A normalisation by <paramref name="mean"/> and <paramref name="std"/>, one value per channel (or one
    /// for all).</summary>
    /// <exception cref="ArgumentException">An empty mean or std, or a std of zero.</exception>
    public Normalize(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        if (mean.Count == 0 || std.Count == 0)
        {
            throw new ArgumentException(
                $"Normalize: mean ({Format(mean)}) and std ({Format(std)}) need at least one value each, one per " +
                "channel.");
        }

        if (std.Any(s => s == 0 || double.IsNaN(s)))
        {
            throw new ArgumentException(
                $"Normalize: std ({Format(std)}) has a zero; every channel would be divided by zero.");
        }

        Mean = [.. mean];
        Std = [.. std];
    }

    /// <summary>The mean subtracted from each channel.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>The standard deviation each channel is divided by.</summary>
    public IReadOnlyList<double> Std { get; }

    /// <summary>The seed notes' MNIST normalisation: <c>Normalize((0.1307,), (0.3081,))</c>.</summary>
    public static Normalize Mnist => new([0.1307], [0.3081]);

    /// <summary>
    /// Normalises <paramref name="images"/>, a floating-point tensor (…, C, H, W): a new tensor on its backend,
    /// which the caller disposes. No gradient flows through it: it is a data transform.
    /// </summary>
    public Tensor Forward(Tensor images)
    {
        if (!images.DType.IsFloatingPoint())
        {
            throw new ArgumentException(
                $"Normalize: expected a Float32 or Float64 tensor of images, got {images.DType}.");
        }

        if (images.Rank < 3)
        {
            throw new ArgumentException(
                $"Normalize: expected a tensor image of size (..., C, H, W), got {images.Shape}.");
        }

        var channels = images.Shape[images.Rank - 3];
        foreach (var (name, values) in new[] { ("mean", Mean), ("std", Std) })
        {
            if (values.Count != 1 && values.Count != channels)
            {
                throw new ArgumentException(
                    $"Normalize: {values.Count} {name} values ({Format(values)}) for {channels} channels in " +
                    $"{images.Shape}; expected one per channel, or one for all.");
            }
        }

        // Mean and std as (C, 1, 1) tensors in the images' dtype: broadcasting does the rest.
        using var mean = Column(Mean, images.Backend, images.DType);
        using var std = Column(Std, images.Backend, images.DType);
        if (images.DType == DType.Float32 && Std.Any(s => (float)s == 0))
        {
            throw new ArgumentException(
                $"Normalize: std ({Format(Std)}) evaluated to zero after conversion to Float32, leading to division " +
                "by zero.");
        }

        using var noGrad = Tensor.NoGrad();
        var normalized = images - mean;
        normalized /= std;
        return normalized;
    }

    /// <summary>The transform as a <see cref="DataLoader"/>'s feature transform.</summary>
    public static implicit operator Func<Tensor, Tensor>(Normalize normalize) => normalize.Forward;

    /// <summary>torchvision's repr: <c>Normalize(mean=[0.1307], std=[0.3081])</c>.</summary>
    public override string ToString() => $"Normalize(mean=[{Format(Mean)}], std=[{Format(Std)}])";

    private static Tensor Column(IReadOnlyList<double> values, IBackend backend, DType dtype)
    {
        var shape = new Shape(values.Count, 1, 1);
        return dtype == DType.Float64
            ? Tensor.FromArray(values.ToArray(), shape, backend)
            : Tensor.FromArray(values.Select(v => (float)v).ToArray(), shape, backend);
    }

    private static string Format(IEnumerable<double> values) =>
        string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
