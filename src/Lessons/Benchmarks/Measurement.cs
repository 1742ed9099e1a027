using System.Globalization;
using System.Text.Json.Nodes;

namespace Lessons.Benchmarks;

/// <summary>
/// One benchmark figure: the median of several timed runs, with the fastest and slowest run as its spread. The
/// median, not the mean, because one run disturbed by another process on the machine should not move the figure.
/// </summary>
/// <param name="Unit">What the numbers count: "s", "GFLOP/s", "rows/s", "MB".</param>
/// <param name="Median">The middle run (the mean of the two middle runs for an even count).</param>
/// <param name="Min">The smallest value seen.</param>
/// <param name="Max">The largest value seen.</param>
/// <param name="Runs">How many timed runs the figure summarises.</param>
public sealed record Measurement(string Unit, double Median, double Min, double Max, int Runs)
{
    /// <summary>The median and spread of <paramref name="samples"/>, one value per timed run.</summary>
    public static Measurement FromSamples(string unit, IEnumerable<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("Measurement: no samples; a figure needs at least one timed run.",
                nameof(samples));
        }

        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Measurement(unit, median, sorted[0], sorted[^1], sorted.Length);
    }

    /// <summary>A single reading (peak memory, say): median, min and max are the value itself.</summary>
    public static Measurement Single(string unit, double value) => new(unit, value, value, value, 1);

    /// <summary>The figure as JSON: unit, median, min, max, runs.</summary>
    public JsonObject ToJson() => new()
    {
        ["unit"] = Unit,
        ["median"] = Median,
        ["min"] = Min,
        ["max"] = Max,
        ["runs"] = Runs,
    };

    /// <summary>"0.123 s (min 0.120, max 0.130, 3 runs)", with three significant digits or so.</summary>
    public override string ToString() => Runs == 1
        ? $"{Format(Median)} {Unit}"
        : $"{Format(Median)} {Unit} (min {Format(Min)}, max {Format(Max)}, {Runs} runs)";

    private static string Format(double value) => Math.Abs(value) switch
    {
        >= 1e6 => value.ToString("0.00e0", CultureInfo.InvariantCulture),
        >= 100 => value.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("F1", CultureInfo.InvariantCulture),
        >= 1 => value.ToString("F2", CultureInfo.InvariantCulture),
        _ => value.ToString("F3", CultureInfo.InvariantCulture),
    };
}
