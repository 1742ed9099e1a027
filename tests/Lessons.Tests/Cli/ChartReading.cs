using System.Globalization;
using System.Xml.Linq;

namespace Lessons.Tests.Cli;

/// <summary>Reads a line chart's SVG back: its legend, title, y label, and which series a reader can see.</summary>
internal static class ChartReading
{
    /// <summary>The legend entries: the text next to each legend swatch under the frame.</summary>
    public static IReadOnlyList<string> Series(XDocument svg) =>
    [
        .. svg.Descendants().Where(e => e.Name.LocalName == "polyline")
            .Select(e => (string)e.Attribute("data-series")!),
    ];

    /// <summary>
    /// Whether the series has something visible inside the frame: a line through at least two distinct points, a
    /// marker for a single point, or the cross that marks a value that is not finite.
    /// </summary>
    public static bool IsVisible(XDocument svg, string series)
    {
        var frame = svg.Descendants().Single(e => e.Name.LocalName == "clipPath").Elements().Single();
        double A(XElement e, string name) => double.Parse((string)e.Attribute(name)!, CultureInfo.InvariantCulture);
        var (x0, y0) = (A(frame, "x"), A(frame, "y"));
        var (x1, y1) = (x0 + A(frame, "width"), y0 + A(frame, "height"));
        bool Inside(double x, double y) => x >= x0 - 0.5 && x <= x1 + 0.5 && y >= y0 - 0.5 && y <= y1 + 0.5;

        var mine = svg.Descendants().Where(e => (string?)e.Attribute("data-series") == series).ToList();
        var line = mine.Single(e => e.Name.LocalName == "polyline");
        var points = ((string)line.Attribute("points")!).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .Where(p => Inside(p[0], p[1])).Select(p => (p[0], p[1])).Distinct().ToList();
        var markers = mine.Where(e => e.Name.LocalName == "circle")
            .Where(e => Inside(A(e, "cx"), A(e, "cy")) && A(e, "r") >= 2);
        var crosses = mine.Where(e => e.Name.LocalName == "path");
        return points.Count >= 2 || markers.Any() || crosses.Any();
    }

    /// <summary>The chart's title (empty when it has none).</summary>
    public static string Title(XDocument svg) =>
        svg.Descendants().Where(e => (string?)e.Attribute("class") == "title").Select(e => e.Value).SingleOrDefault()
        ?? "";

    /// <summary>Every rotated text: the y axis labels.</summary>
    public static IReadOnlyList<string> YLabels(XDocument svg) =>
    [
        .. svg.Descendants().Where(e => e.Name.LocalName == "text" && e.Attribute("transform") is not null)
            .Select(e => e.Value),
    ];
}
