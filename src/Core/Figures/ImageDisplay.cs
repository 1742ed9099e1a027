using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Lessons.Figures;

/// <summary>
/// d2l's <c>show_images</c> (§3.5 / §4.2), drawn as SVG: a grid of <c>numRows</c> × <c>numCols</c> cells, each
/// image embedded as a PNG data URI and its title as SVG text under it (one line per "\n", as
/// <c>predict_ch3</c>'s "true\npred" titles), so titles stay crisp without a font rasteriser.
/// </summary>
public static class ImageDisplay
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";

    // Layout in SVG user units (CSS pixels): matplotlib draws d2l's figures at 72 dpi, one `scale` inch per image.
    private const double PixelsPerInch = 72;
    private const double FontSize = 12;
    private const double LineHeight = 14;
    private const double Margin = 6;

    /// <summary>
    /// The first <paramref name="numRows"/>·<paramref name="numCols"/> images in a grid, each <paramref name="scale"/>
    /// inches (·72 px) wide, with <paramref name="titles"/> (optional, may be shorter than the images) under them.
    /// </summary>
    /// <param name="images">The images, in reading order.</param>
    /// <param name="numRows">Rows of the grid.</param>
    /// <param name="numCols">Columns of the grid.</param>
    /// <param name="titles">A title per image (lines split at "\n"), optional.</param>
    /// <param name="scale">Width of each image in inches.</param>
    /// <param name="titleColors">A CSS colour per title (null or missing: black), e.g. red for a wrong
    /// prediction.</param>
    /// <param name="caption">A line under the grid saying how to read it ("top: true label, bottom: predicted"),
    /// optional.</param>
    public static SvgFigure ShowImages(
        IReadOnlyList<RasterImage> images, int numRows, int numCols, IReadOnlyList<string>? titles = null,
        double scale = 1.5, IReadOnlyList<string?>? titleColors = null, string? caption = null)
    {
        if (images.Count == 0 || numRows <= 0 || numCols <= 0 || !(scale > 0))
        {
            throw new ArgumentException(
                $"ShowImages: {images.Count} images in {numRows}x{numCols} at scale {scale}; expected at least " +
                "one image, a grid of at least 1x1 and scale > 0.");
        }

        titles ??= [];
        var count = Math.Min(images.Count, numRows * numCols);
        var lines = Enumerable.Range(0, count).Select(i => i < titles.Count ? SplitLines(titles[i]) : []).ToList();
        var titleHeight = lines.Max(l => l.Length) * LineHeight;
        var cellWidth = scale * PixelsPerInch;
        var imageHeight = images.Take(count).Max(i => cellWidth * i.Height / i.Width);
        var cellHeight = imageHeight + titleHeight;
        var width = (numCols * cellWidth) + ((numCols + 1) * Margin);
        var captionHeight = caption is null ? 0 : LineHeight + Margin;
        var height = (numRows * cellHeight) + ((numRows + 1) * Margin) + captionHeight;

        var root = new XElement(
            Svg + "svg",
            new XAttribute(XNamespace.Xmlns + "xlink", XLink),
            new XAttribute("width", Number(width)),
            new XAttribute("height", Number(height)),
            new XAttribute("viewBox", $"0 0 {Number(width)} {Number(height)}"),
            new XElement(Svg + "rect", new XAttribute("width", "100%"), new XAttribute("height", "100%"),
                new XAttribute("fill", "white")));

        for (var k = 0; k < count; k++)
        {
            var left = Margin + ((k % numCols) * (cellWidth + Margin));
            var top = Margin + ((k / numCols) * (cellHeight + Margin));
            var h = cellWidth * images[k].Height / images[k].Width;
            var uri = "data:image/png;base64," + Convert.ToBase64String(Png.Encode(images[k]));
            root.Add(new XElement(
                Svg + "image",
                new XAttribute("x", Number(left)),
                new XAttribute("y", Number(top)),
                new XAttribute("width", Number(cellWidth)),
                new XAttribute("height", Number(h)),
                new XAttribute("preserveAspectRatio", "none"),
                new XAttribute("style", "image-rendering:pixelated"), // keep pixels square when magnified
                new XAttribute("href", uri),
                new XAttribute(XLink + "href", uri))); // for viewers that predate SVG 2
            if (lines[k].Length > 0)
            {
                var color = titleColors is not null && k < titleColors.Count ? titleColors[k] : null;
                root.Add(Title(lines[k], left + (cellWidth / 2), top + imageHeight, color));
            }
        }

        if (caption is not null)
        {
            root.Add(new XElement(Svg + "text", new XAttribute("x", Number(width / 2)),
                new XAttribute("y", Number(height - Margin - 3)), new XAttribute("text-anchor", "middle"),
                new XAttribute("font-family", "sans-serif"), new XAttribute("font-size", Number(FontSize)),
                new XAttribute("class", "caption"), caption));
        }

        return new SvgFigure(new XDocument(new XDeclaration("1.0", "utf-8", null), root));
    }

    /// <summary>
    /// <c>ShowImages</c> for a batch tensor (N, H, W), (N, 1, H, W) or (N, 3, H, W) with values in [0, 1], such as
    /// d2l's <c>X.reshape(18, 28, 28)</c>.
    /// </summary>
    /// <param name="images">The batch.</param>
    /// <param name="numRows">Rows of the grid.</param>
    /// <param name="numCols">Columns of the grid.</param>
    /// <param name="titles">A title per image (lines split at "\n"), optional.</param>
    /// <param name="scale">Width of each image in inches.</param>
    /// <param name="titleColors">A CSS colour per title (null or missing: black).</param>
    /// <param name="caption">A line under the grid saying how to read it, optional.</param>
    public static SvgFigure ShowImages(
        Tensor images, int numRows, int numCols, IReadOnlyList<string>? titles = null, double scale = 1.5,
        IReadOnlyList<string?>? titleColors = null, string? caption = null) =>
        ShowImages(RasterImage.FromBatch(images), numRows, numCols, titles, scale, titleColors, caption);

    // One <text> per title, one <tspan> per line; XElement escapes &, < and > in the text.
    private static XElement Title(string[] lines, double centerX, double top, string? color)
    {
        // The empty text node first makes the content "mixed", so the writer does not indent the tspans: the
        // indentation would be a space inside the centred text and push a line off-centre by half a space.
        var text = new XElement(
            Svg + "text",
            new XText(""),
            new XAttribute("x", Number(centerX)),
            new XAttribute("y", Number(top + FontSize)),
            new XAttribute("text-anchor", "middle"),
            new XAttribute("font-family", "sans-serif"),
            new XAttribute("font-size", Number(FontSize)));
        if (color is not null)
        {
            text.Add(new XAttribute("fill", color));
        }

        for (var i = 0; i < lines.Length; i++)
        {
            text.Add(new XElement(
                Svg + "tspan",
                new XAttribute("x", Number(centerX)),
                new XAttribute("dy", i == 0 ? "0" : Number(LineHeight)),
                lines[i]));
        }

        return text;
    }

    // Characters XML cannot hold (most control characters) become U+FFFD instead of failing the whole figure.
    private static string[] SplitLines(string title) =>
        new string([.. title.Replace("\r\n", "\n").Select(c => IsKept(c) ? c : '\uFFFD')]).Split('\n');

    private static bool IsKept(char c) => c == '\n' || char.IsSurrogate(c) || XmlConvert.IsXmlChar(c);

    private static string Number(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);
}
