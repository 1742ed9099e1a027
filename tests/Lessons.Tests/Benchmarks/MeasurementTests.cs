using Lessons.Benchmarks;

namespace Lessons.Tests.Benchmarks;

/// <summary>The statistics of a figure: median of the timed runs, min and max as its spread.</summary>
public sealed class MeasurementTests
{
    [Test]
    public void An_odd_number_of_runs_has_the_middle_run_as_median()
    {
        var figure = Measurement.FromSamples("s", [0.30, 0.10, 5.0, 0.20, 0.25]);

        figure.Should().Be(new Measurement("s", 0.25, 0.10, 5.0, 5));
    }

    [Test]
    public void An_even_number_of_runs_has_the_mean_of_the_two_middle_runs_as_median()
    {
        var figure = Measurement.FromSamples("GFLOP/s", [4.0, 1.0, 3.0, 2.0]);

        figure.Median.Should().Be(2.5);
        (figure.Min, figure.Max, figure.Runs).Should().Be((1.0, 4.0, 4));
    }

    [Test]
    public void One_slow_run_does_not_move_the_median()
    {
        Measurement.FromSamples("s", [1.0, 1.1, 30.0]).Median.Should().Be(1.1);
    }

    [Test]
    public void No_samples_is_an_error_that_says_so()
    {
        var act = () => Measurement.FromSamples("s", []);

        act.Should().Throw<ArgumentException>().WithMessage("*no samples*");
    }

    [Test]
    public void A_figure_prints_its_median_unit_and_spread()
    {
        Measurement.FromSamples("s", [0.125, 0.25, 0.5]).ToString()
            .Should().Be("0.250 s (min 0.125, max 0.500, 3 runs)");
        Measurement.Single("MiB", 812.4).ToString().Should().Be("812 MiB");
    }
}
