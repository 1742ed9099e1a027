using System.Diagnostics;
using System.Globalization;
using Lessons.Backends;
using Lessons.Data;

namespace Lessons.Benchmarks;

/// <summary>
/// Runs <c>lessons bench</c>: decodes Fashion-MNIST once (timed), measures the CPU's FMA peak, then, backend by
/// backend, uploads the data and takes every <see cref="BackendBenchmark"/>, printing each figure as it is measured
/// (the CPU's 1024³ product also as a fraction of the peak).
/// </summary>
public static class BenchRunner
{
    /// <summary>
    /// Measures the backends named by <paramref name="backends"/>. With <paramref name="skipThoseThatCannotStart"/>
    /// (<c>--backend all</c>) a backend that cannot start is noted with its reason and passed over; otherwise its
    /// error stops the run. <paramref name="benchmarks"/> (default <see cref="BackendBenchmark.All"/>),
    /// <paramref name="decode"/> (default <see cref="DecodeBenchmark.Run"/>) and <paramref name="fmaPeak"/> (default
    /// <see cref="FmaPeakBenchmark.Measure"/>) can be replaced, to test the run itself.
    /// </summary>
    public static BenchResult Run(IReadOnlyList<string> backends, bool skipThoseThatCannotStart,
        Func<string, IBackend> create, BenchSettings settings, TextWriter log,
        IReadOnlyList<BackendBenchmark>? benchmarks = null,
        Func<BenchSettings, (Measurement Seconds, IdxDataset Data)>? decode = null,
        Func<BenchSettings, Measurement>? fmaPeak = null)
    {
        ArgumentNullException.ThrowIfNull(backends);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(log);
        var result = new BenchResult { LoadAverage = LoadAverage() };
        if (result.LoadAverage is { } load && load > Environment.ProcessorCount)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"note: load average {load:F1} on {Environment.ProcessorCount} cores; other work slows the figures"));
        }

        var (decodeSeconds, data) = (decode ?? (s => DecodeBenchmark.Run(s)))(settings);
        result.Decode = decodeSeconds;
        log.WriteLine(
            $"decode 70,000 Fashion-MNIST images to float32 (read, gunzip, SHA-256, /255): {decodeSeconds}");
        result.FmaPeak = (fmaPeak ?? FmaPeakBenchmark.Measure)(settings);
        log.WriteLine($"FMA peak of the CPU ({Environment.ProcessorCount} cores, float32 multiply-adds in registers): "
            + $"{result.FmaPeak}");
        foreach (var name in backends)
        {
            IBackend backend;
            try
            {
                backend = create(name);
            }
            catch (Exception e) when (skipThoseThatCannotStart)
            {
                log.WriteLine($"{name}: cannot start, skipped: {e.Message}");
                result.Skipped.Add((name, e.Message));
                continue;
            }

            using (backend)
            {
                result.Backends.Add(Measure(backend, data, settings, log, benchmarks ?? BackendBenchmark.All,
                    result.FmaPeak));
            }
        }

        using var process = Process.GetCurrentProcess();
        result.PeakWorkingSet = Measurement.Single("MiB", process.PeakWorkingSet64 / (1024.0 * 1024.0));
        log.WriteLine($"peak working set: {result.PeakWorkingSet}");
        return result;
    }

    private static BackendFigures Measure(IBackend backend, IdxDataset data, BenchSettings settings, TextWriter log,
        IReadOnlyList<BackendBenchmark> benchmarks, Measurement? fmaPeak)
    {
        log.WriteLine($"{backend.Name}: {backend.DeviceName}");
        var figures = new BackendFigures(backend.Name, backend.DeviceName);
        using var use = Backend.Use(backend); // the lesson code creates its tensors on the current backend
        using var dataset = new ImageDataset(data, backend);
        var context = new BenchContext(backend, dataset.Train, settings);
        foreach (var benchmark in benchmarks)
        {
            // One figure that fails (an operation a backend lacks) is reported, and the others are still taken.
            try
            {
                var figure = benchmark.Measure(context);
                figures.Add(benchmark.Key, figure);
                var ofPeak = OfPeak(backend, benchmark.Key, figure, fmaPeak);
                log.WriteLine($"{backend.Name}: {benchmark.Label}: {figure}{ofPeak}");
            }
            catch (Exception e) when (Environment.GetEnvironmentVariable("LESSONS_DEBUG") is not "1")
            {
                figures.Fail(benchmark.Key, e.Message);
                log.WriteLine($"{backend.Name}: {benchmark.Label}: FAILED: {e.Message}");
            }
        }

        return figures;
    }

    /// <summary>
    /// ", 71% of the FMA peak" after the CPU's 1024³ product: the one figure that a good kernel brings near the
    /// peak (the other products are too small or too thin, and another backend's device has a peak of its own).
    /// </summary>
    private static string OfPeak(IBackend backend, string key, Measurement figure, Measurement? fmaPeak) =>
        key == MatMulBenchmark.CubeKey && backend.Name == "cpu" && fmaPeak is { Median: > 0 }
            ? string.Create(CultureInfo.InvariantCulture,
                $", {100 * figure.Median / fmaPeak.Median:F0}% of the FMA peak")
            : "";

    /// <summary>The one-minute load average from /proc/loadavg, or null where there is none.</summary>
    private static double? LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
