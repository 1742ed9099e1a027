namespace Lessons.Figures;

/// <summary>
/// An 8-bit image in host memory: grayscale (1 channel) or RGB (3 channels, interleaved), rows top to bottom.
/// What <see cref="Png"/> writes and <see cref="ImageGrid"/> lays out.
/// </summary>
public sealed class RasterImage
{
    /// <summary>Wraps <paramref name="pixels"/>: height·width·channels bytes, row-major, interleaved.</summary>
    public RasterImage(int width, int height, int channels, byte[] pixels)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"RasterImage: size {width}x{height}; expected both > 0.");
        }

        if (channels is not (1 or 3))
        {
            throw new ArgumentException($"RasterImage: {channels} channels; expected 1 (gray) or 3 (RGB).");
        }

        if (pixels.Length != width * height * channels)
        {
            throw new ArgumentException(
                $"RasterImage: {pixels.Length} bytes, expected {width}x{height}x{channels} = " +
                $"{width * height * channels}.");
        }

        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>1 for grayscale, 3 for RGB.</summary>
    public int Channels { get; }

    /// <summary>The bytes, row-major with channels interleaved.</summary>
    public byte[] Pixels { get; }

    /// <summary>Channel <paramref name="channel"/> of pixel (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public byte this[int x, int y, int channel = 0] => Pixels[(((y * Width) + x) * Channels) + channel];

    /// <summary>
    /// A grayscale image from floats in [0, 1] (row-major, height·width), as a batch element of Fashion-MNIST:
    /// each value is clamped to [0, 1] and rounded to the nearest of 0..255 (NaN becomes 0).
    /// </summary>
    public static RasterImage FromGray(ReadOnlySpan<float> values, int height, int width)
    {
        CheckLength(values.Length, height * width, "FromGray", $"{height}x{width}");
        var pixels = new byte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            pixels[i] = ToByte(values[i]);
        }

        return new RasterImage(width, height, 1, pixels);
    }

    /// <summary>
    /// An RGB image from floats in [0, 1] laid out channel-first (3, height, width), torch's layout for one
    /// image; interleaved on the way, clamped and rounded as <see cref="FromGray"/>.
    /// </summary>
    public static RasterImage FromChannelsFirst(ReadOnlySpan<float> values, int height, int width)
    {
        var plane = height * width;
        CheckLength(values.Length, 3 * plane, "FromChannelsFirst", $"3x{height}x{width}");
        var pixels = new byte[values.Length];
        for (var i = 0; i < plane; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                pixels[(3 * i) + c] = ToByte(values[(c * plane) + i]);
            }
        }

        return new RasterImage(width, height, 3, pixels);
    }

    /// <summary>
    /// The images of a batch in torch's layout: (N, H, W) or (N, 1, H, W) gives grayscale images, (N, 3, H, W)
    /// RGB; values in [0, 1], as a Fashion-MNIST batch. The tensor is read back from its backend once.
    /// </summary>
    public static IReadOnlyList<RasterImage> FromBatch(Tensor images)
    {
        var dims = images.Shape.ToArray();
        var channels = dims.Length == 4 ? dims[1] : 1;
        if (dims.Length is not (3 or 4) || channels is not (1 or 3) || images.DType == DType.Int32)
        {
            throw new ArgumentException(
                $"FromBatch: expected floating-point images (N, H, W), (N, 1, H, W) or (N, 3, H, W), got " +
                $"{images.DType} {images.Shape}.");
        }

        var (height, width) = (dims[^2], dims[^1]);
        var values = images.DType == DType.Float32
            ? images.ToArray<float>()
            : Array.ConvertAll(images.ToArray<double>(), v => (float)v);
        var size = channels * height * width;
        return
        [
            .. Enumerable.Range(0, dims[0]).Select(n => channels == 1
                ? FromGray(values.AsSpan(n * size, size), height, width)
                : FromChannelsFirst(values.AsSpan(n * size, size), height, width)),
        ];
    }

    private static byte ToByte(float v) => float.IsNaN(v) ? (byte)0 : (byte)MathF.Round(Math.Clamp(v, 0f, 1f) * 255f);

    private static void CheckLength(int found, int expected, string operation, string shape)
    {
        if (found != expected)
        {
            throw new ArgumentException($"{operation}: {found} values, expected {expected} for an image of {shape}.");
        }
    }
}
