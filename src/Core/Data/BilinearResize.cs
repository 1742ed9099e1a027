namespace Lessons.Data;

/// <summary>
/// Bilinear resizing of single-channel images, as torchvision's <c>Resize</c> does it with antialiasing (PIL's
/// triangle filter): each output pixel is a weighted mean of the input pixels under a triangle centred on it,
/// the triangle widened by the scale factor when shrinking so that no input pixel is skipped. When enlarging
/// (d2l resizes 28 → 64) this is exactly bilinear interpolation with half-pixel centres
/// (<c>align_corners=False</c>), edges clamped. Separable: rows first, then columns.
/// </summary>
/// <remarks>
/// One difference from torchvision on PIL images: PIL rounds the result to bytes before ToTensor divides by
/// 255; this keeps the float, which is what resizing a float tensor in torchvision gives.
/// </remarks>
public static class BilinearResize
{
    /// <summary>
    /// Resizes <paramref name="count"/> images of <paramref name="height"/>×<paramref name="width"/> in
    /// <paramref name="source"/> into <paramref name="newHeight"/>×<paramref name="newWidth"/> in
    /// <paramref name="destination"/>, all row-major, images one after another.
    /// </summary>
    public static void Resize(
        ReadOnlySpan<float> source, int count, int height, int width,
        Span<float> destination, int newHeight, int newWidth)
    {
        if (height <= 0 || width <= 0 || newHeight <= 0 || newWidth <= 0)
        {
            throw new ArgumentException(
                $"Resize: {height}x{width} to {newHeight}x{newWidth}; every size must be > 0.");
        }

        if (source.Length != count * height * width || destination.Length != count * newHeight * newWidth)
        {
            throw new ArgumentException(
                $"Resize: {count} images of {height}x{width} → {newHeight}x{newWidth} need " +
                $"{count * height * width} and {count * newHeight * newWidth} values, got {source.Length} and " +
                $"{destination.Length}.");
        }

        var columns = Weights(width, newWidth);
        var rows = Weights(height, newHeight);
        var horizontal = new float[height * newWidth];
        for (var n = 0; n < count; n++)
        {
            var image = source.Slice(n * height * width, height * width);
            var output = destination.Slice(n * newHeight * newWidth, newHeight * newWidth);

            // Rows first: each input row becomes a row of the new width.
            for (var y = 0; y < height; y++)
            {
                var row = image.Slice(y * width, width);
                for (var x = 0; x < newWidth; x++)
                {
                    horizontal[(y * newWidth) + x] = columns[x].Apply(row, 1);
                }
            }

            // Then columns: each output row mixes the new-width rows under its triangle.
            for (var y = 0; y < newHeight; y++)
            {
                for (var x = 0; x < newWidth; x++)
                {
                    output[(y * newWidth) + x] = rows[y].Apply(horizontal.AsSpan(x), newWidth);
                }
            }
        }
    }

    /// <summary>The taps of each output position along an axis resized from <paramref name="inSize"/> to
    /// <paramref name="outSize"/>.</summary>
    internal static Taps[] Weights(int inSize, int outSize)
    {
        var scale = (double)inSize / outSize;
        var support = Math.Max(scale, 1.0); // the triangle's half-width in input pixels
        var taps = new Taps[outSize];
        for (var i = 0; i < outSize; i++)
        {
            var center = (i + 0.5) * scale; // input coordinate of the output pixel's centre
            var first = Math.Max(0, (int)Math.Floor(center - support));
            var last = Math.Min(inSize - 1, (int)Math.Ceiling(center + support));
            var weights = new List<float>();
            var total = 0.0;
            var firstUsed = -1;
            for (var j = first; j <= last; j++)
            {
                var w = Math.Max(0, 1 - (Math.Abs(j + 0.5 - center) / support));
                if (w > 0 || firstUsed >= 0)
                {
                    firstUsed = firstUsed < 0 ? j : firstUsed;
                    weights.Add((float)w);
                    total += w;
                }
            }

            // Normalise so the weights sum to 1: at the edges the triangle is cut and the rest is renormalised.
            taps[i] = new Taps(firstUsed, [.. weights.Select(w => (float)(w / total))]);
        }

        return taps;
    }

    /// <summary>Input positions <see cref="First"/>.. and their weights for one output position.</summary>
    internal readonly record struct Taps(int First, float[] Weights)
    {
        /// <summary>Σ weights[k] · values[(First + k) · stride].</summary>
        public float Apply(ReadOnlySpan<float> values, int stride)
        {
            var sum = 0f;
            for (var k = 0; k < Weights.Length; k++)
            {
                sum += Weights[k] * values[(First + k) * stride];
            }

            return sum;
        }
    }
}
