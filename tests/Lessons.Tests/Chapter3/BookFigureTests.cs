using System.CommandLine;
using System.Xml.Linq;
using Lessons.Chapter3;
using Lessons.Cli;
using Lessons.Tests.Data;

using Lessons.Tests.Support;

namespace Lessons.Tests.Chapter3;

/// <summary>
/// The figures d2l draws in §3.1–3.2: the normal densities, the scatter of the synthetic data, and a learning-rate
/// sweep (<c>lessons run linreg-scratch --lr 0.003,0.03,0.3</c>) — read back from the SVG files the lessons write.
/// </summary>
[NonParallelizable]
public sealed class BookFigureTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static (int Exit, string Output) Run(params string[] args) =>
        LessonsCli.InvokeCapturingConsole(args);

    [Test]
    public void The_normal_densities_are_the_books_three_bells()
    {
        var chart = LinearRegression.NormalDensities(new LinearRegression());
        var svg = XDocument.Parse(chart.ToSvg().ToString());

        svg.Descendants(Svg + "polyline").Select(p => (string)p.Attribute("data-series")!)
            .Should().Equal("mean 0, std 1", "mean 0, std 2", "mean 3, std 1");
        ((Lessons.Steps.ILinearRegressionSteps)new LinearRegression()).Normal([0], 0, 1)[0]
            .Should().BeApproximately(1 / Math.Sqrt(2 * Math.PI), 1e-12);
    }

    [Test]
    public void Linreg_scratch_draws_the_synthetic_data_and_a_learning_rate_sweep_in_which_3_diverges()
    {
        using var folder = new TempFolder();

        var (exit, output) = Run("run", "linreg-scratch", "--lr", "0.003,0.03,0.3,3", "--backend", "cpu", "--out",
            folder.Path);

        exit.Should().Be(0, output);
        var scatter = XDocument.Load(folder["synthetic-data.svg"]);
        scatter.Descendants(Svg + "circle").Should().HaveCount(1000, "one dot per example of the book's data");
        var sweep = XDocument.Load(folder["lr-sweep.svg"]);
        sweep.Descendants(Svg + "polyline").Select(p => (string)p.Attribute("data-series")!)
            .Should().Equal("lr 0.003", "lr 0.03", "lr 0.3", "lr 3");
        output.Should().Contain("lr 3: diverged").And.Contain("lr 0.03: loss");
    }

    [Test]
    public void Several_learning_rates_are_refused_where_no_sweep_is_drawn_and_a_bad_one_is_named()
    {
        var (exit, output) = Run("run", "softmax-scratch", "--lr", "0.1,0.3", "--backend", "cpu");
        var (badExit, badOutput) = Run("run", "linreg-scratch", "--lr", "0.1,fast");

        exit.Should().Be(1);
        output.Should().Contain("several learning rates").And.Contain("linreg-scratch").And.NotContain("   at ");
        badExit.Should().NotBe(0);
        badOutput.Should().Contain("--lr must be a finite number ≥ 0").And.Contain("got 'fast' in 0.1,fast");
    }
}
