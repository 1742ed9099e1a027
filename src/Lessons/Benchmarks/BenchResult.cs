using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lessons.Benchmarks;

/// <summary>
/// Everything one <c>lessons bench</c> run measured: the host figures (decode time, peak working set), the figures of
/// each backend that started, and why any other backend did not.
/// </summary>
public sealed class BenchResult
{
    /// <summary>Seconds to decode the 70,000 Fashion-MNIST images, or null when the data was not benchmarked.</summary>
    public Measurement? Decode { get; set; }

    /// <summary>GFLOP/s of all the CPU's cores doing nothing but fused multiply-adds: the ceiling of a CPU matrix
    /// product (<see cref="FmaPeakBenchmark"/>).</summary>
    public Measurement? FmaPeak { get; set; }

    /// <summary>The process's peak working set over the whole run, in MiB.</summary>
    public Measurement? PeakWorkingSet { get; set; }

    /// <summary>The one-minute load average when the run started (Linux), to judge how noisy the figures are.</summary>
    public double? LoadAverage { get; set; }

    /// <summary>The backends measured, in order.</summary>
    public List<BackendFigures> Backends { get; } = [];

    /// <summary>Backends that could not start, with the reason each gave.</summary>
    public List<(string Backend, string Reason)> Skipped { get; } = [];

    /// <summary><see cref="ToJson"/> on one line, with quotes and apostrophes in reasons left readable.</summary>
    public string ToJsonLine() =>
        ToJson().ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>
    /// The JSON object <c>--json</c> prints: <c>machine</c>, <c>decode_fashion_mnist</c>, <c>peak_working_set</c>,
    /// <c>fma_peak</c>, <c>backends</c> (by name: device and figures), <c>skipped</c> (by name: reason). Each figure is
    /// <c>{ unit, median, min, max, runs }</c>.
    /// </summary>
    public JsonObject ToJson()
    {
        var backends = new JsonObject();
        foreach (var figures in Backends)
        {
            backends[figures.Backend] = figures.ToJson();
        }

        var skipped = new JsonObject();
        foreach (var (backend, reason) in Skipped)
        {
            skipped[backend] = reason;
        }

        return new JsonObject
        {
            ["machine"] = new JsonObject
            {
                ["cores"] = Environment.ProcessorCount,
                ["os"] = RuntimeInformation.OSDescription,
                ["runtime"] = RuntimeInformation.FrameworkDescription,
                ["load_average"] = LoadAverage,
            },
            ["decode_fashion_mnist"] = Decode?.ToJson(),
            ["fma_peak"] = FmaPeak?.ToJson(),
            ["peak_working_set"] = PeakWorkingSet?.ToJson(),
            ["backends"] = backends,
            ["skipped"] = skipped,
        };
    }
}
