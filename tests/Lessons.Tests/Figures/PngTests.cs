using System.Text;
using Lessons.Figures;

namespace Lessons.Tests.Figures;

public class PngTests
{
    [Test]
    public void Crc32_matches_the_standard_check_value()
    {
        // The check value every CRC-32/ISO-HDLC implementation publishes for "123456789".
        Crc32.Compute(Encoding.ASCII.GetBytes("123456789")).Should().Be(0xCBF43926);
        Crc32.Compute([]).Should().Be(0);
        Crc32.Append(Crc32.Compute("1234"u8), "56789"u8).Should().Be(0xCBF43926);
    }

    [TestCase(1, 28, 28)]
    [TestCase(3, 17, 5)]
    [TestCase(1, 1, 1)]
    public void Decoding_the_png_gives_back_every_pixel(int channels, int width, int height)
    {
        var pixels = new byte[width * height * channels];
        new System.Random(7).NextBytes(pixels);
        var image = new RasterImage(width, height, channels, pixels);

        var decoded = PngDecoder.Decode(Png.Encode(image));

        (decoded.Width, decoded.Height, decoded.Channels).Should().Be((width, height, channels));
        decoded.Pixels.Should().Equal(pixels);
    }

    [Test]
    public void Floats_are_clamped_and_rounded_to_bytes()
    {
        var image = RasterImage.FromGray([0f, 1f, 0.5f, -3f, 7f, float.NaN], 2, 3);

        image.Pixels.Should().Equal(0, 255, 128, 0, 255, 0);
        image[2, 0].Should().Be(128);
        image[0, 1].Should().Be(0);
    }

    [Test]
    public void Channel_first_rgb_is_interleaved()
    {
        // 3 channels of 1x2: R = (1, 0), G = (0, 1), B = (0, 0).
        var image = RasterImage.FromChannelsFirst([1f, 0f, 0f, 1f, 0f, 0f], 1, 2);

        image.Pixels.Should().Equal(255, 0, 0, 0, 255, 0);
    }

    [Test]
    public void Saving_writes_the_file_and_leaves_no_temporary_file()
    {
        var folder = Path.Combine(Path.GetTempPath(), "lessons-png-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = Path.Combine(folder, "nested", "one.png");
            var image = RasterImage.FromGray([0f, 0.25f, 0.5f, 1f], 2, 2);

            Png.Save(path, image);

            PngDecoder.Decode(File.ReadAllBytes(path)).Pixels.Should().Equal(image.Pixels);
            Directory.GetFiles(Path.GetDirectoryName(path)!).Should().ContainSingle();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void A_grid_places_each_image_magnified_in_its_cell()
    {
        var black = RasterImage.FromGray([0f, 0f, 0f, 0f], 2, 2);
        var gray = RasterImage.FromGray([0.5f, 0.5f, 0.5f, 0.5f], 2, 2);
        var red = RasterImage.FromChannelsFirst([1f, 1f, 1f, 1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f], 2, 2);

        var grid = ImageGrid.Compose([black, gray, red], numRows: 2, numCols: 2, scale: 3, margin: 1);

        (grid.Width, grid.Height, grid.Channels).Should().Be((2 * 6 + 3, 2 * 6 + 3, 3));
        grid[0, 0].Should().Be(255, "the margin is background");
        grid[1, 1].Should().Be(0, "black starts at (1, 1)");
        grid[6, 6, 2].Should().Be(0, "black is 6x6 once magnified 3 times");
        grid[8, 1, 1].Should().Be(128, "gray is in the second column, every channel");
        grid[1, 8, 0].Should().Be(255, "red is in the second row");
        grid[1, 8, 1].Should().Be(0);
        grid[9, 9].Should().Be(255, "the fourth cell is empty");
        PngDecoder.Decode(Png.Encode(grid)).Pixels.Should().Equal(grid.Pixels);
    }
}
