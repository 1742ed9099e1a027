using System.Diagnostics;
using System.Runtime;

namespace Lessons.Benchmarks;

/// <summary>
/// How every figure is timed: untimed warm-up runs first, then timed runs, each one a sample for
/// <see cref="Measurement.FromSamples"/>.
/// </summary>
/// <remarks>
/// The warm-up matters more than it seems. .NET first compiles a method quickly and without optimisation (tier 0),
/// and replaces it with optimised code only after it has been called 30 times, on a background thread, through an
/// instrumented tier that gathers the profile the optimised code uses (dynamic PGO). On a busy 2-core machine that
/// can take seconds, and until it happens the softmax + cross-entropy step runs about ten times slower. So a
/// warm-up lasts until the JIT has compiled nothing for a while (<see cref="JitInfo.GetCompiledMethodCount"/>
/// stands still), not a fixed number of calls. A whole epoch with nothing compiled is not enough by itself: the
/// softmax-regression epoch (0.05 s warm) still had one in its third warm-up epoch, at 0.16 s, and reached its
/// speed only in the seventh, so epochs also warm up for a minimum time.
/// </remarks>
public static class Sampler
{
    private const int MaxCalls = 1 << 24;

    /// <summary>
    /// Runs <paramref name="run"/> <paramref name="warmups"/> times untimed — and again while the untimed runs have
    /// lasted less than <paramref name="minWarmupSeconds"/>, or, up to <paramref name="maxWarmups"/> runs in all,
    /// while the JIT was still compiling during the last one — then <paramref name="runs"/> times timed; returns the
    /// seconds of each timed run. <paramref name="run"/> must wait for its own results (read something back) so that
    /// the clock covers a device's work too. <paramref name="before"/>, when given, runs untimed before every run (to
    /// free the last run's data, say).
    /// </summary>
    public static double[] Seconds(Action run, int warmups, int runs, Action? before = null, int? maxWarmups = null,
        Func<long>? compiledMethods = null, double minWarmupSeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfNegative(warmups);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        compiledMethods ??= CompiledMethods;
        var (done, quiet, warm) = (0, false, Stopwatch.StartNew());
        while (done < warmups || warm.Elapsed.TotalSeconds < minWarmupSeconds ||
            (!quiet && done < (maxWarmups ?? warmups)))
        {
            before?.Invoke();
            var compiled = compiledMethods();
            run();
            quiet = compiledMethods() == compiled;
            done++;
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
    /// <paramref name="finish"/> (a read back) ends each batch so a device's queued work is counted. The warm-up runs
    /// batches until the JIT has compiled nothing for <paramref name="quietSeconds"/> (at most
    /// <paramref name="maxWarmupSeconds"/>); then the batch is doubled until it lasts
    /// <paramref name="minBatchSeconds"/>, and <paramref name="runs"/> batches of that size are timed.
    /// </summary>
    public static double[] SecondsPerCall(Action call, Action finish, int runs, double minBatchSeconds = 0.05,
        double quietSeconds = 0.3, double maxWarmupSeconds = 5, Func<long>? compiledMethods = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(finish);
        compiledMethods ??= CompiledMethods;
        var calls = 1;
        var (quiet, warmup) = (0.0, Stopwatch.StartNew());
        while (quiet < quietSeconds && warmup.Elapsed.TotalSeconds < maxWarmupSeconds)
        {
            var compiled = compiledMethods();
            var seconds = Batch(call, finish, calls);
            quiet = compiledMethods() == compiled ? quiet + seconds : 0;
            if (seconds < minBatchSeconds && calls < MaxCalls)
            {
                calls *= 2;
            }
        }

        // Size the batch on warm code: the first calls, slowed by compilation, would make it too small.
        while (Batch(call, finish, calls) < minBatchSeconds && calls < MaxCalls)
        {
            calls *= 2;
        }

        return Seconds(() => Batch(call, finish, calls), warmups: 0, runs).Select(s => s / calls).ToArray();
    }

    /// <summary>Methods the JIT has compiled so far in this process, on any thread (tier-1 rejits too).</summary>
    private static long CompiledMethods() => JitInfo.GetCompiledMethodCount();

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
