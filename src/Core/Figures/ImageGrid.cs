namespace Lessons.Figures;

/// <summary>
/// Lays images out in a grid on one canvas, row by row, each magnified by a whole factor (nearest neighbour,
/// so pixels stay square and crisp) and separated by a margin: the bare, title-less grid saved as plain PNG.
/// </summary>
public static class ImageGrid
{
    /// <summary>
    /// The first <paramref name="numRows"/>·<paramref name="numCols"/> of <paramref name="images"/> on a
    /// <paramref name="background"/> canvas; grayscale unless an image is RGB.
    /// </summary>
    public static RasterImage Compose(
        IReadOnlyList<RasterImage> images,
        int numRows,
        int numCols,
        int scale = 1,
        int margin = 2,
        byte background = 255)
    {
        if (images.Count == 0 || numRows <= 0 || numCols <= 0 || scale <= 0 || margin < 0)
        {
            throw new ArgumentException(
                $"ImageGrid: {images.Count} images in {numRows}x{numCols} at scale {scale}, margin {margin}; " +
                "expected at least one image, a grid of at least 1x1, scale >= 1 and margin >= 0.");
        }

        var channels = images.Any(i => i.Channels == 3) ? 3 : 1;
        var cellWidth = images.Max(i => i.Width) * scale;
        var cellHeight = images.Max(i => i.Height) * scale;
        var width = (numCols * cellWidth) + ((numCols + 1) * margin);
        var height = (numRows * cellHeight) + ((numRows + 1) * margin);
        var pixels = new byte[width * height * channels];
        Array.Fill(pixels, background);

        for (var k = 0; k < Math.Min(images.Count, numRows * numCols); k++)
        {
            var left = margin + ((k % numCols) * (cellWidth + margin));
            var top = margin + ((k / numCols) * (cellHeight + margin));
            Blit(images[k], scale, pixels, width, channels, left, top);
        }

        return new RasterImage(width, height, channels, pixels);
    }

    /// <summary>Saves <see cref="Compose"/>'s grid as a PNG file, atomically.</summary>
    public static void Save(string path, IReadOnlyList<RasterImage> images, int numRows, int numCols, int scale = 1) =>
        Png.Save(path, Compose(images, numRows, numCols, scale));

    private static void Blit(
        RasterImage image, int scale, byte[] canvas, int canvasWidth, int channels, int left, int top)
    {
        for (var y = 0; y < image.Height * scale; y++)
        {
            for (var x = 0; x < image.Width * scale; x++)
            {
                var to = ((((top + y) * canvasWidth) + left + x) * channels);
                for (var c = 0; c < channels; c++)
                {
                    // A gray image on an RGB canvas repeats its one channel.
                    canvas[to + c] = image[x / scale, y / scale, Math.Min(c, image.Channels - 1)];
                }
            }
        }
    }
}
