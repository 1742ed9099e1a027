using System.Diagnostics;

namespace Lessons.Benchmarks;

/// <summary>
/// How every figure is timed: untimed warm-up runs first (the JIT compiles the code, tiered compilation settles, the
/// OpenCL driver builds its kernels, caches fill), then timed runs, each one a sample for
/// <see cref="Measurement.FromSamples"/>.
/// </summary>
public static class Sampler
{
    /// <summary>
    /// Runs <paramref name="run"/> <paramref name="warmups"/> times untimed, then <paramref name="runs"/> times
    /// timed; returns the seconds of each timed run. <paramref name="run"/> must wait for its own results (read
    /// something back) so that the clock covers a device's work too. <paramref name="before"/>, when given, runs
    /// untimed before every run (to let go of the previous run's data, say).
    /// </summary>
    public static double[] Seconds(Action run, int warmups, int runs, Action? before = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfNegative(warmups);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        for (var i = 0; i < warmups; i++)
        {
            before?.Invoke();
            run();
        }

        var seconds = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            before?.Invoke();
            var watch = Stopwatch.StartNew();
            run();
            seconds[i] = watch.Elapsed.TotalSeconds;
        }

        return seconds;
    }

    /// <summary>
    /// Seconds per call of an operation too short to time once: calls are timed in batches, and
    /// <paramref name="finish"/> (a read back) ends each batch so a device's queued work is counted. The warm-up
    /// doubles the batch until one lasts <paramref name="minBatchSeconds"/>; then <paramref name="runs"/> batches of
    /// that size are timed.
    /// </summary>
    public static double[] SecondsPerCall(Action call, Action finish, int runs, double minBatchSeconds = 0.05)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(finish);
        var calls = 1;
        while (Batch(call, finish, calls) < minBatchSeconds && calls < 1 << 24)
        {
            calls *= 2;
        }

        return Seconds(() => Batch(call, finish, calls), warmups: 0, runs).Select(s => s / calls).ToArray();
    }

    private static double Batch(Action call, Action finish, int calls)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            call();
        }

        finish();
        return watch.Elapsed.TotalSeconds;
    }
}
