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

    /// <summary>Where the x axis starts and ends (grown to include every finite point), or null to fit the
    /// data.</summary>
    public (double Min, double Max)? XLim { get; }

    /// <summary>Where the y axis starts and ends (grown to include every finite point), or null to fit the
    /// data.</summary>
    public (double Min, double Max)? YLim { get; }

    /// <summary>The title drawn above the frame (an interrupted or diverged run says so here).</summary>
    public string Title { get; set; } = "";

    /// <summary>
    /// Series drawn against a second y axis on the right, with its own range (a loss's gradient, which can be a
    /// hundred times larger than the loss, would otherwise flatten the loss curve).
    /// </summary>
    public IReadOnlyCollection<string> RightAxis { get; init; } = [];

    /// <summary>The right y axis label, when <see cref="RightAxis"/> names a series.</summary>
    public string RightYLabel { get; init; } = "";

    /// <summary>Whether x takes whole numbers only (epochs): ticks are then whole numbers too.</summary>
    public bool WholeNumberX { get; init; }

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

    /// <summary>
    /// The chart as an SVG document. The limits given are where the axes start (a d2l figure looks like d2l's); they
    /// grow to include every finite point, so an unusual run still shows its curves. A series with a single point is
    /// drawn as a marker, and a value that is not finite (NaN, ±∞) is marked with a red cross on the frame's edge.
    /// </summary>
    public SvgFigure ToSvg()
    {
        var hasRight = Legend.Any(RightAxis.Contains);
        double left = 60, right = hasRight ? 60 : 16, top = Title.Length > 0 ? 30 : 16, bottom = 62;
        var (x0, x1) = Range(xs, XLim);
        var leftSeries = Enumerable.Range(0, ys.Length).Where(s => !RightAxis.Contains(Legend[s])).ToList();
        var rightSeries = Enumerable.Range(0, ys.Length).Where(s => RightAxis.Contains(Legend[s])).ToList();
        var (y0, y1) = Range(leftSeries.SelectMany(s => ys[s]), YLim);
        var (r0, r1) = Range(rightSeries.SelectMany(s => ys[s]), null);
        var plotWidth = Width - left - right;
        var plotHeight = Height - top - bottom;
        double Px(double x) => left + ((x - x0) / (x1 - x0) * plotWidth);
        double Py(double y) => top + plotHeight - ((y - y0) / (y1 - y0) * plotHeight);
        double Pr(double y) => top + plotHeight - ((y - r0) / (r1 - r0) * plotHeight);

        var root = new XElement(Svg + "svg",
            new XAttribute("width", Width), new XAttribute("height", Height),
            new XAttribute("viewBox", $"0 0 {Width} {Height}"),
            new XAttribute("font-family", "sans-serif"), new XAttribute("font-size", 11),
            new XElement(Svg + "rect", new XAttribute("width", Width), new XAttribute("height", Height),
                new XAttribute("fill", "white")));
        if (Title.Length > 0)
        {
            var title = Text(Width / 2.0, 19, Title, "middle");
            title.Add(new XAttribute("font-size", 13), new XAttribute("font-weight", "bold"),
                new XAttribute("class", "title"));
            root.Add(title);
        }

        var axes = new XElement(Svg + "g", new XAttribute("stroke", "#333"), new XAttribute("fill", "none"),
            new XElement(Svg + "rect", Attr("x", left), Attr("y", top), Attr("width", plotWidth),
                Attr("height", plotHeight)));
        root.Add(axes);
        foreach (var t in Ticks(x0, x1).Where(t => !WholeNumberX || t == Math.Round(t)))
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
        root.Add(VerticalText(14, top + (plotHeight / 2), YLabel));
        if (hasRight)
        {
            foreach (var t in Ticks(r0, r1))
            {
                root.Add(Line(left + plotWidth, Pr(t), left + plotWidth + 4, Pr(t)));
                root.Add(Text(left + plotWidth + 6, Pr(t) + 4, Format(t), "start"));
            }

            root.Add(VerticalText(Width - 8, top + (plotHeight / 2), RightYLabel));
        }

        // Curves are clipped to the frame, so a line between points never runs over the axes.
        root.Add(new XElement(Svg + "clipPath", new XAttribute("id", "plot-area"),
            new XElement(Svg + "rect", Attr("x", left), Attr("y", top), Attr("width", plotWidth),
                Attr("height", plotHeight))));
        var nonFinite = 0;
        for (var s = 0; s < ys.Length; s++)
        {
            Func<double, double> py = RightAxis.Contains(Legend[s]) ? Pr : Py;
            var color = Colors[s % Colors.Length];
            var finite = xs.Zip(ys[s]).Where(p => double.IsFinite(p.Second)).ToList();
            if (Scatter)
            {
                var dots = new XElement(Svg + "g", new XAttribute("data-series", Legend[s]),
                    new XAttribute("fill", color), new XAttribute("clip-path", "url(#plot-area)"));
                dots.Add(finite.Select(p => new XElement(Svg + "circle", Attr("cx", Px(p.First)),
                    Attr("cy", py(p.Second)), new XAttribute("r", 1.5))));
                root.Add(dots);
                continue;
            }

            var points = finite.Select(p => $"{Num(Px(p.First))},{Num(py(p.Second))}");
            root.Add(new XElement(Svg + "polyline", new XAttribute("data-series", Legend[s]),
                new XAttribute("points", string.Join(" ", points)),
                new XAttribute("fill", "none"),
                new XAttribute("stroke", color), new XAttribute("stroke-width", 1.8),
                new XAttribute("stroke-dasharray", Dashes[s % Dashes.Length]),
                new XAttribute("clip-path", "url(#plot-area)")));
            if (finite.Count == 1)
            {
                // A polyline through one point draws nothing: a one-epoch run shows a dot instead. Earlier series get
                // larger dots, so dots at the same place stay visible as rings.
                root.Add(new XElement(Svg + "circle", new XAttribute("data-series", Legend[s]),
                    Attr("cx", Px(finite[0].First)), Attr("cy", py(finite[0].Second)),
                    Attr("r", 3 + (1.2 * (ys.Length - 1 - s))),
                    new XAttribute("fill", color)));
            }

            foreach (var (x, y) in xs.Zip(ys[s]).Where(p => !double.IsFinite(p.Second)))
            {
                // NaN and +∞ on the top edge, −∞ on the bottom: the run went there, the axes cannot.
                var cy = y is double.NegativeInfinity ? top + plotHeight : top;
                root.Add(Cross(Px(x), cy, Legend[s], y));
                nonFinite++;
            }

            // The legend is one row under the x label, outside the frame, so it never hides a curve.
            var legendX = left + (s * 130);
            var legendY = Height - 8;
            root.Add(new XElement(Svg + "line", Attr("x1", legendX), Attr("y1", legendY - 4),
                Attr("x2", legendX + 20), Attr("y2", legendY - 4),
                new XAttribute("stroke", color), new XAttribute("stroke-width", 1.8),
                new XAttribute("stroke-dasharray", Dashes[s % Dashes.Length])));
            var side = RightAxis.Contains(Legend[s]) ? "right" : "left";
            var name = hasRight ? $"{Legend[s]} ({side} axis)" : Legend[s];
            root.Add(Text(legendX + 24, legendY, name, "start"));
        }

        if (nonFinite > 0)
        {
            var note = Text(left + plotWidth - 4, top + 14, "× not finite (NaN or ∞)", "end");
            note.Add(new XAttribute("fill", "#d62728"), new XAttribute("class", "note"));
            root.Add(note);
        }

        return new SvgFigure(new XDocument(new XDeclaration("1.0", "utf-8", null), root));
    }

    private static XElement Cross(double x, double y, string series, double value)
    {
        const double r = 4;
        return new XElement(Svg + "path", new XAttribute("data-series", series),
            new XAttribute("data-value", value.ToString(CultureInfo.InvariantCulture)),
            new XAttribute("d", $"M{Num(x - r)},{Num(y - r)} L{Num(x + r)},{Num(y + r)} " +
                $"M{Num(x - r)},{Num(y + r)} L{Num(x + r)},{Num(y - r)}"),
            new XAttribute("stroke", "#d62728"), new XAttribute("stroke-width", 2));
    }

    private static XElement VerticalText(double x, double y, string text)
    {
        var label = Text(x, y, text, "middle");
        label.Add(new XAttribute("transform", $"rotate(-90 {Num(x)} {Num(y)})"));
        return label;
    }

    /// <summary>The axis range: the given limits (when any) grown to include every finite value, with a margin
    /// of 5% when it had to grow.</summary>
    private static (double, double) Range(IEnumerable<double> values, (double Min, double Max)? limits)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0)
        {
            return limits ?? (0, 1);
        }

        var (min, max) = (finite.Min(), finite.Max());
        if (limits is var (lo, hi))
        {
            var margin = 0.05 * (Math.Max(hi, max) - Math.Min(lo, min));
            return (min < lo ? min - margin : lo, max > hi ? max + margin : hi);
        }

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
