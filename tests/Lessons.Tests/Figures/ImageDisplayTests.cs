using System.Xml.Linq;
using Lessons.Figures;

namespace Lessons.Tests.Figures;

public class ImageDisplayTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static RasterImage Image(int seed) =>
        RasterImage.FromGray([.. Enumerable.Range(0, 28 * 28).Select(i => (float)((i * seed) % 256) / 255f)], 28, 28);

    [Test]
    public void Show_images_writes_an_svg_grid_with_one_image_and_one_title_per_cell()
    {
        var images = Enumerable.Range(1, 18).Select(Image).ToList();
        var titles = images.Select((_, i) => $"label {i}").ToList();

        var figure = ImageDisplay.ShowImages(images, numRows: 2, numCols: 9, titles, scale: 1.5);

        var document = XDocument.Parse(figure.Svg);
        document.Root!.Name.Should().Be(Svg + "svg");
        document.Descendants(Svg + "image").Should().HaveCount(18);
        document.Descendants(Svg + "text").Select(t => t.Value).Should().Equal(titles);
        double.Parse(document.Root.Attribute("width")!.Value).Should().Be((9 * 108) + (10 * 6));
    }

    [Test]
    public void Each_image_is_a_png_data_uri_that_decodes_to_its_pixels()
    {
        var image = Image(3);

        var figure = ImageDisplay.ShowImages([image], 1, 1);

        var href = XDocument.Parse(figure.Svg).Descendants(Svg + "image").Single().Attribute("href")!.Value;
        href.Should().StartWith("data:image/png;base64,");
        PngDecoder.Decode(Convert.FromBase64String(href["data:image/png;base64,".Length..])).Pixels
            .Should().Equal(image.Pixels);
    }

    [Test]
    public void Multi_line_titles_become_tspans_and_markup_is_escaped()
    {
        var figure = ImageDisplay.ShowImages(
            [Image(1), Image(2), Image(3)], 1, 3, ["ankle boot\nsneaker", "a < b & c > d", "bell\u0007"]);

        var texts = XDocument.Parse(figure.Svg).Descendants(Svg + "text").ToList();
        texts.Should().HaveCount(3);
        texts[0].Elements(Svg + "tspan").Select(t => t.Value).Should().Equal("ankle boot", "sneaker");
        texts[1].Value.Should().Be("a < b & c > d");
        figure.Svg.Should().Contain("a &lt; b &amp; c &gt; d");
        texts[2].Value.Should().Be("bell\uFFFD");
    }

    [Test]
    public void Fewer_cells_than_images_shows_the_first_ones_and_titles_may_be_missing()
    {
        var figure = ImageDisplay.ShowImages(Enumerable.Range(1, 5).Select(Image).ToList(), 1, 3, ["only one"]);

        var document = XDocument.Parse(figure.Svg);
        document.Descendants(Svg + "image").Should().HaveCount(3);
        document.Descendants(Svg + "text").Should().ContainSingle();
    }

    [Test]
    public void Saving_writes_parseable_svg_atomically()
    {
        var path = Path.Combine(Path.GetTempPath(), "lessons-svg-" + Guid.NewGuid().ToString("N"), "grid.svg");
        try
        {
            ImageDisplay.ShowImages([Image(1), Image(2)], 1, 2, ["t-shirt", "trouser"]).Save(path);

            XDocument.Load(path).Descendants(Svg + "image").Should().HaveCount(2);
            Directory.GetFiles(Path.GetDirectoryName(path)!).Should().ContainSingle();
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
