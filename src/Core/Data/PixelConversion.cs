using System.Numerics.Tensors;

namespace Lessons.Data;

/// <summary>
/// Bytes 0..255 to floats in [0, 1], as torchvision's ToTensor does (<c>x.float().div(255)</c>: a true
/// division, so every value is bit-identical to torch's). Vectorised by TensorPrimitives, in blocks small
/// enough to stay in the core's cache between the two passes, and spread over the cores for large inputs.
/// </summary>
public static class PixelConversion
{
    // 64 Ki floats = 256 KiB: converted, then divided while still in L2.
    private const int Block = 1 << 16;

    /// <summary>Writes <c>source[i] / 255f</c> to <c>destination[i]</c>.</summary>
    public static void ToUnitFloat(ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException(
                $"ToUnitFloat: destination holds {destination.Length} floats, source has {source.Length} bytes.");
        }

        for (var start = 0; start < source.Length; start += Block)
        {
            var length = Math.Min(Block, source.Length - start);
            var to = destination.Slice(start, length);
            TensorPrimitives.ConvertTruncating(source.Slice(start, length), to);
            TensorPrimitives.Divide(to, 255f, to);
        }
    }

    /// <summary>A new array of <c>source[i] / 255f</c>, converted on every core.</summary>
    public static float[] ToUnitFloat(ReadOnlyMemory<byte> source)
    {
        var destination = GC.AllocateUninitializedArray<float>(source.Length);
        var blocks = (source.Length + Block - 1) / Block;
        Parallel.For(0, blocks, b =>
        {
            var start = b * Block;
            var length = Math.Min(Block, source.Length - start);
            ToUnitFloat(source.Span.Slice(start, length), destination.AsSpan(start, length));
        });
        return destination;
    }
}
