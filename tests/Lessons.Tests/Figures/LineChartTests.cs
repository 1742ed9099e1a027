using System.Globalization;
using System.Xml.Linq;
using Lessons.Figures;
using Lessons.Tests.Cli;

namespace Lessons.Tests.Figures;

/// <summary>Charts always show their data: limits that grow, markers for single points, crosses for NaN and ∞,
/// titles, y labels, a second axis.</summary>
public sealed class LineChartTests
{
    [Test]
    public void The_books_limits_grow_to_include_every_finite_point()
    {
        var chart = new LineChart(["train loss", "test acc"], "epoch", "loss / accuracy", (1, 3), (0.3, 0.9));
        chart.Add(1, [2.17, 0.5]);
        chart.Add(2, [1.03, 0.7]);

        var svg = chart.ToSvg().Document;

        YTicks(svg).Max().Should().BeGreaterThanOrEqualTo(2, "the loss of 2.17 is inside the frame");
        YTicks(svg).Min().Should().BeLessThanOrEqualTo(0.5, "the book's lower limit is kept");
        ChartReading.Series(svg).Should().OnlyContain(s => ChartReading.IsVisible(svg, s));
    }

    [Test]
    public void Within_the_books_limits_the_axis_is_the_books()
    {
        var chart = new LineChart(["acc"], "epoch", "accuracy", (1, 3), (0.3, 0.9));
        chart.Add(1, [0.5]);
        chart.Add(2, [0.6]);

        YTicks(chart.ToSvg().Document).Should().Equal(0.4, 0.6, 0.8);
    }

    [Test]
    public void A_single_point_is_a_marker_and_a_non_finite_one_a_cross()
    {
        var chart = new LineChart(["loss", "acc"], "epoch", "value") { Title = "one epoch" };
        chart.Add(1, [double.NaN, 0.5]);

        var svg = chart.ToSvg().Document;

        svg.Descendants().Should().Contain(e => e.Name.LocalName == "circle" && (string?)e.Attribute("data-series")
            == "acc");
        svg.Descendants().Should().Contain(e => e.Name.LocalName == "path" && (string?)e.Attribute("data-series")
            == "loss" && (string?)e.Attribute("data-value") == "NaN");
        svg.Descendants().Should().Contain(e => e.Value == "× not finite (NaN or ∞)");
        ChartReading.Title(svg).Should().Be("one epoch");
        ChartReading.Series(svg).Should().OnlyContain(s => ChartReading.IsVisible(svg, s));
    }

    [Test]
    public void A_series_on_the_right_axis_has_its_own_range_and_label()
    {
        var chart = new LineChart(["loss", "gradient"], "p", "loss") { RightAxis = ["gradient"], RightYLabel = "grad" };
        chart.Add(0.01, [4.6, -100]);
        chart.Add(0.5, [0.69, -2]);
        chart.Add(0.99, [0.01, -1]);

        var svg = chart.ToSvg().Document;

        ChartReading.YLabels(svg).Should().Equal("loss", "grad");
        var loss = Points(svg, "loss").Select(p => p.Y).ToList();
        (loss.Max() - loss.Min()).Should().BeGreaterThan(200, "the loss fills the frame's height, not a sliver of it");
        svg.Descendants().Should().Contain(e => e.Value == "gradient (right axis)");
    }

    private static List<double> YTicks(XDocument svg) =>
    [
        .. svg.Descendants().Where(e => e.Name.LocalName == "text" && (string?)e.Attribute("text-anchor") == "end"
                && e.Attribute("class") is null)
            .Select(e => double.Parse(e.Value, CultureInfo.InvariantCulture)),
    ];

    private static List<(double X, double Y)> Points(XDocument svg, string series) =>
    [
        .. ((string)svg.Descendants().Single(e => e.Name.LocalName == "polyline"
                && (string?)e.Attribute("data-series") == series).Attribute("points")!)
            .Split(' ').Select(p => p.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .Select(p => (p[0], p[1])),
    ];
}
