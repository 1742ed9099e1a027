using System.Globalization;
using System.Xml.Linq;

namespace Lessons.Figures;

/// <summary>
/// A line chart as SVG, the few features d2l's <c>plot</c> uses: several series over a shared x, axis labels,
/// limits, ticks, a legend. Each series is one <c>&lt;polyline&gt;</c> with one point per x, so a test (or a
/// learner) can read the numbers back from the file.
/// </summary>
public sealed class LineChart
{
    private static readonly string[] Colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];
    private static readonly string[] Dashes = ["", "6 3", "2 3", "8 3 2 3", "", "4 2"];
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly List<double> xs = [];
    private readonly List<double>[] ys;

    /// <summary>A chart with one series per name in <paramref name="legend"/>.</summary>
    public LineChart(IReadOnlyList<string> legend, string xLabel = "", string yLabel = "",
        (double Min, double Max)? xLim = null, (double Min, double Max)? yLim = null)
    {
        Legend = legend;
        XLabel = xLabel;
        YLabel = yLabel;
        XLim = xLim;
        YLim = yLim;
        ys = [.. legend.Select(_ => new List<double>())];
    }

    /// <summary>The series names.</summary>
    public IReadOnlyList<string> Legend { get; }

    /// <summary>The x axis label.</summary>
    public string XLabel { get; }

    /// <summary>The y axis label.</summary>
    public string YLabel { get; }

    /// <summary>Fixed x limits, or null to fit the data.</summary>
    public (double Min, double Max)? XLim { get; }

    /// <summary>Fixed y limits, or null to fit the data.</summary>
    public (double Min, double Max)? YLim { get; }

    /// <summary>Width of the drawing in pixels.</summary>
    public int Width { get; init; } = 480;

    /// <summary>Height of the drawing in pixels.</summary>
    public int Height { get; init; } = 340;

    /// <summary>A scatter plot (d2l's <c>plt.scatter</c>): each point a small dot, no line joining them.</summary>
    public bool Scatter { get; init; }

    /// <summary>Adds one x with a value for every series (NaN leaves a series without a point there).</summary>
    public void Add(double x, IReadOnlyList<double> values)
    {
        if (values.Count != ys.Length)
        {
            throw new ArgumentException(
                $"LineChart.Add: got {values.Count} values for {ys.Length} series ({string.Join(", ", Legend)}).");
        }

        xs.Add(x);
        for (var i = 0; i < ys.Length; i++)
        {
            ys[i].Add(values[i]);
        }
    }

    /// <summary>Adds the points (<paramref name="x"/>[i], <paramref name="y"/>[i]) to a chart of one series; returns
    /// the chart.</summary>
    public LineChart AddAll(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        for (var i = 0; i < x.Count; i++)
        {
            Add(x[i], [y[i]]);
        }

        return this;
    }

    /// <summary>d2l's <c>plot</c>: a chart of several curves over the same x values, in one call.</summary>
    public static LineChart Plot(IReadOnlyList<double> x, IReadOnlyList<IReadOnlyList<double>> series,
        IReadOnlyList<string> legend, string xLabel = "", string yLabel = "")
    {
        var chart = new LineChart(legend, xLabel, yLabel);
        for (var i = 0; i < x.Count; i++)
        {
            chart.Add(x[i], [.. series.Select(s => s[i])]);
        }

        return chart;
    }

    /// <summary>The chart as an SVG document.</summary>
    public SvgFigure ToSvg()
    {
        const double left = 56, right = 16, top = 16, bottom = 62;
        var (x0, x1) = XLim ?? Range(xs);
        var (y0, y1) = YLim ?? Range(ys.SelectMany(s => s));
        var plotWidth = Width - left - right;
        var plotHeight = Height - top - bottom;
        double Px(double x) => left + ((x - x0) / (x1 - x0) * plotWidth);
        double Py(double y) => top + plotHeight - ((y - y0) / (y1 - y0) * plotHeight);

        var root = new XElement(Svg + "svg",
            new XAttribute("width", Width), new XAttribute("height", Height),
            new XAttribute("viewBox", $"0 0 {Width} {Height}"),
            new XAttribute("font-family", "sans-serif"), new XAttribute("font-size", 11),
            new XElement(Svg + "rect", new XAttribute("width", Width), new XAttribute("height", Height),
                new XAttribute("fill", "white")));
        var axes = new XElement(Svg + "g", new XAttribute("stroke", "#333"), new XAttribute("fill", "none"),
            new XElement(Svg + "rect", Attr("x", left), Attr("y", top), Attr("width", plotWidth),
                Attr("height", plotHeight)));
        root.Add(axes);
        foreach (var t in Ticks(x0, x1))
        {
            root.Add(Line(Px(t), top + plotHeight, Px(t), top + plotHeight + 4));
            root.Add(Text(Px(t), top + plotHeight + 16, Format(t), "middle"));
        }

        foreach (var t in Ticks(y0, y1))
        {
            root.Add(Line(left - 4, Py(t), left, Py(t)));
            root.Add(Text(left - 6, Py(t) + 4, Format(t), "end"));
        }

        root.Add(Text(left + (plotWidth / 2), Height - 26, XLabel, "middle"));
        var yLabel = Text(14, top + (plotHeight / 2), YLabel, "middle");
        yLabel.Add(new XAttribute("transform", $"rotate(-90 14 {Num(top + (plotHeight / 2))})"));
        root.Add(yLabel);
        // Curves are clipped to the frame: with fixed limits (d2l's Animator uses y in [0.3, 0.9]) a point outside
        // them must not be drawn over the axes.
        root.Add(new XElement(Svg + "clipPath", new XAttribute("id", "plot-area"),
            new XElement(Svg + "rect", Attr("x", left), Attr("y", top), Attr("width", plotWidth),
                Attr("height", plotHeight))));
        for (var s = 0; s < ys.Length; s++)
        {
            var finite = xs.Zip(ys[s]).Where(p => double.IsFinite(p.Second)).ToList();
            if (Scatter)
            {
                var dots = new XElement(Svg + "g", new XAttribute("data-series", Legend[s]),
                    new XAttribute("fill", Colors[s % Colors.Length]), new XAttribute("clip-path", "url(#plot-area)"));
                dots.Add(finite.Select(p => new XElement(Svg + "circle", Attr("cx", Px(p.First)),
                    Attr("cy", Py(p.Second)), new XAttribute("r", 1.5))));
                root.Add(dots);
                continue;
            }

            var points = finite.Select(p => $"{Num(Px(p.First))},{Num(Py(p.Second))}");
            root.Add(new XElement(Svg + "polyline", new XAttribute("data-series", Legend[s]),
                new XAttribute("points", string.Join(" ", points)), new XAttribute("fill", "none"),
                new XAttribute("stroke", Colors[s % Colors.Length]), new XAttribute("stroke-width", 1.8),
                new XAttribute("stroke-dasharray", Dashes[s % Dashes.Length]),
                new XAttribute("clip-path", "url(#plot-area)")));
            // The legend is one row under the x label, outside the frame, so it never hides a curve.
            var legendX = left + (s * 110);
            var legendY = Height - 8;
            root.Add(new XElement(Svg + "line", Attr("x1", legendX), Attr("y1", legendY - 4),
                Attr("x2", legendX + 20), Attr("y2", legendY - 4),
                new XAttribute("stroke", Colors[s % Colors.Length]), new XAttribute("stroke-width", 1.8),
                new XAttribute("stroke-dasharray", Dashes[s % Dashes.Length])));
            root.Add(Text(legendX + 24, legendY, Legend[s], "start"));
        }

        return new SvgFigure(new XDocument(new XDeclaration("1.0", "utf-8", null), root));
    }

    private static (double, double) Range(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0)
        {
            return (0, 1);
        }

        var (min, max) = (finite.Min(), finite.Max());
        return min == max ? (min - 0.5, max + 0.5) : (min, max);
    }

    /// <summary>About five round tick values (multiples of 1, 2 or 5 times a power of ten) inside [lo, hi].</summary>
    private static IEnumerable<double> Ticks(double lo, double hi)
    {
        var raw = (hi - lo) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2, 5, 10 }.Select(f => f * magnitude).First(s => s >= raw);
        for (var t = Math.Ceiling(lo / step) * step; t <= hi + (step * 1e-9); t += step)
        {
            yield return Math.Abs(t) < step * 1e-9 ? 0 : t;
        }
    }

    private static XElement Line(double x1, double y1, double x2, double y2) =>
        new(Svg + "line", Attr("x1", x1), Attr("y1", y1), Attr("x2", x2), Attr("y2", y2),
            new XAttribute("stroke", "#333"));

    private static XElement Text(double x, double y, string text, string anchor) =>
        new(Svg + "text", Attr("x", x), Attr("y", y), new XAttribute("text-anchor", anchor), text);

    private static XAttribute Attr(string name, double value) => new(name, Num(value));

    private static string Num(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Format(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
