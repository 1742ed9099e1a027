using System.Globalization;

namespace Lessons.Framework;

/// <summary>
/// The check that stops a training run whose loss is no longer a number: NaN or ±∞ means every later step is NaN
/// too, and the figures would be meaningless. It runs where the value is read anyway — on the epoch's summed loss,
/// which <c>train_epoch_ch3</c> already brings back from the device — so it costs nothing per batch.
/// </summary>
public static class Divergence
{
    /// <summary>
    /// Throws <see cref="TrainingDivergedException"/> when <paramref name="value"/> (the metric
    /// <paramref name="metric"/> after epoch <paramref name="epoch"/>) is not finite. The message names the epoch, the
    /// value, the last finite value and the likely causes: a learning rate too large, and whatever the run adds in
    /// <see cref="LessonContext.DivergenceCauses"/> (e.g. the learner's own steps in a workbook run).
    /// </summary>
    public static void Check(LessonContext context, int epoch, string metric, double value, double? previous = null)
    {
        if (double.IsFinite(value))
        {
            return;
        }

        var c = CultureInfo.InvariantCulture;
        var before = previous is { } p && double.IsFinite(p) ? string.Create(c, $" (epoch {epoch - 1}: {p:G4})") : "";
        var lr = context.Options.Lr is { } given
            ? $"the learning rate --lr {Number(given)} is likely too large for this model; try a smaller one, such " +
                $"as --lr {Number(given / 10)}"
            : "the learning rate is likely too large for this model; try a smaller --lr";
        var causes = string.Concat(context.DivergenceCauses.Select(cause => $"; {cause}"));
        throw new TrainingDivergedException(
            string.Create(c, $"training diverged in epoch {epoch}: the {metric} is {Describe(value)}{before}. ") +
            $"Once a loss is not a number every later step is not one either, so the run stops here: {lr}{causes}.",
            epoch, metric, value);
    }

    // 0.1, 10, 1e+30: as a user would type it.
    private static string Number(double v) =>
        v.ToString(Math.Abs(v) is >= 1e5 or (< 1e-4 and > 0) ? "0.###e+0" : "0.#####", CultureInfo.InvariantCulture);

    /// <summary>NaN, +inf or -inf, as the user reads them.</summary>
    public static string Describe(double value) => value switch
    {
        double.PositiveInfinity => "+inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("G6", CultureInfo.InvariantCulture),
    };
}

/// <summary>A training run stopped because its loss became NaN or infinite.</summary>
/// <param name="message">What diverged, when, and the likely cause.</param>
/// <param name="epoch">The 1-based epoch whose metric was not finite.</param>
/// <param name="metric">The metric's name ("train loss").</param>
/// <param name="value">The value (NaN, +inf or -inf).</param>
public sealed class TrainingDivergedException(string message, int epoch, string metric, double value)
    : Exception(message)
{
    /// <summary>The 1-based epoch whose metric was not finite.</summary>
    public int Epoch { get; } = epoch;

    /// <summary>The metric's name ("train loss").</summary>
    public string Metric { get; } = metric;

    /// <summary>The value (NaN, +inf or -inf).</summary>
    public double Value { get; } = value;
}
