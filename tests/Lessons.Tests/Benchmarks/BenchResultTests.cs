using System.Text.Json;
using Lessons.Benchmarks;

namespace Lessons.Tests.Benchmarks;

/// <summary>The object <c>lessons bench --json</c> prints, built from fake figures (no timing here).</summary>
public sealed class BenchResultTests
{
    private static BenchResult Fake()
    {
        var cpu = new BackendFigures("cpu", "2 cores, AVX-512");
        cpu.Add("matmul_1024", Measurement.FromSamples("GFLOP/s", [60, 62, 58]));
        cpu.Add("softmax_scratch_epoch", Measurement.FromSamples("s", [0.2, 0.1, 0.3]));
        cpu.Fail("mlp_epoch", "AdamUpdate is not supported");
        var result = new BenchResult
        {
            Decode = Measurement.FromSamples("s", [0.4, 0.5, 0.3]),
            PeakWorkingSet = Measurement.Single("MiB", 700),
            LoadAverage = 0.5,
        };
        result.Backends.Add(cpu);
        result.Skipped.Add(("opencl", "no OpenCL platform: install 'pocl-opencl-icd'"));
        return result;
    }

    [Test]
    public void The_json_line_is_one_object_on_one_line()
    {
        var line = Fake().ToJsonLine();

        line.Should().NotContain("\n");
        JsonDocument.Parse(line).RootElement.ValueKind.Should().Be(JsonValueKind.Object);
    }

    [Test]
    public void Every_figure_has_unit_median_min_max_and_runs()
    {
        using var json = JsonDocument.Parse(Fake().ToJsonLine());
        var root = json.RootElement;

        var epoch = root.GetProperty("backends").GetProperty("cpu").GetProperty("figures")
            .GetProperty("softmax_scratch_epoch");
        epoch.GetProperty("unit").GetString().Should().Be("s");
        epoch.GetProperty("median").GetDouble().Should().Be(0.2);
        epoch.GetProperty("min").GetDouble().Should().Be(0.1);
        epoch.GetProperty("max").GetDouble().Should().Be(0.3);
        epoch.GetProperty("runs").GetInt32().Should().Be(3);
        root.GetProperty("decode_fashion_mnist").GetProperty("median").GetDouble().Should().Be(0.4);
        root.GetProperty("peak_working_set").GetProperty("unit").GetString().Should().Be("MiB");
    }

    [Test]
    public void Backends_carry_their_device_and_skipped_ones_their_reason()
    {
        using var json = JsonDocument.Parse(Fake().ToJsonLine());
        var root = json.RootElement;

        root.GetProperty("backends").GetProperty("cpu").GetProperty("device").GetString()
            .Should().Be("2 cores, AVX-512");
        root.GetProperty("skipped").GetProperty("opencl").GetString().Should().Contain("'pocl-opencl-icd'");
        root.GetProperty("backends").GetProperty("cpu").GetProperty("failed").GetProperty("mlp_epoch").GetString()
            .Should().Be("AdamUpdate is not supported");
        root.GetProperty("machine").GetProperty("cores").GetInt32().Should().Be(Environment.ProcessorCount);
        root.GetProperty("machine").GetProperty("load_average").GetDouble().Should().Be(0.5);
    }

    [Test]
    public void Figures_keep_the_order_they_were_measured_in()
    {
        var cpu = Fake().Backends[0];

        cpu.Figures.Select(f => f.Key).Should().Equal("matmul_1024", "softmax_scratch_epoch");
        cpu["matmul_1024"]!.Median.Should().Be(60);
        cpu["mlp_epoch"].Should().BeNull();
    }
}
