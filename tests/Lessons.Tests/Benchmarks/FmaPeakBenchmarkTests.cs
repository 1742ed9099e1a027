using Lessons.Benchmarks;

namespace Lessons.Tests.Benchmarks;

/// <summary>The FMA peak loop runs on every core and reports a rate per timed run (its size is not asserted: the
/// machine may be busy).</summary>
public sealed class FmaPeakBenchmarkTests
{
    [Test]
    public void The_fma_peak_is_one_positive_rate_per_timed_run()
    {
        var peak = FmaPeakBenchmark.Measure(new BenchSettings(MicroRuns: 3));

        peak.Unit.Should().Be("GFLOP/s");
        peak.Runs.Should().Be(3);
        peak.Min.Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(peak.Max);
        double.IsFinite(peak.Max).Should().BeTrue();
    }
}
