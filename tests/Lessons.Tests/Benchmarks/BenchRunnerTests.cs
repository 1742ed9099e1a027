using Lessons.Backends;
using Lessons.Benchmarks;
using Lessons.Data;

namespace Lessons.Tests.Benchmarks;

/// <summary>
/// The run itself, with fake figures and a tiny fake dataset (nothing is timed): backends that cannot start are
/// skipped with their reason under <c>--backend all</c>, a failing figure is reported and the others kept.
/// </summary>
[NonParallelizable]
public sealed class BenchRunnerTests
{
    private static readonly BackendBenchmark[] Fakes =
    [
        new("rows", "rows of the training set", c => Measurement.Single("rows", c.Train.Count)),
        new("broken", "a figure that throws", _ => throw new NotSupportedException("no such kernel here")),
        new("backend", "backend current while measuring", c =>
            Measurement.Single(ReferenceEquals(Backend.Current, c.Backend) ? "current" : "other", 1)),
    ];

    private static (Measurement, IdxDataset) TinyData(BenchSettings settings)
    {
        var set = new ImageSet(new float[3 * 2 * 2], [0, 1, 2], 2, 2);
        var location = new DataLocation("fake", new DataSource(DataSourceKind.ExplicitPath, "/nowhere", "test"),
            [], [], [], []);
        return (Measurement.Single("s", 0.5), new IdxDataset(DatasetSpec.FashionMnist, set, set, location));
    }

    /// <summary>A fixed FMA peak, so no test spends time on the real loop.</summary>
    private static Measurement FakePeak(BenchSettings settings) => Measurement.Single("GFLOP/s", 400);

    private static IBackend Create(string name) => name == "cpu"
        ? Backend.Create("cpu")
        : throw new InvalidOperationException($"no {name} platform: install it");

    [Test]
    public void Backends_that_cannot_start_are_skipped_with_their_reason_when_all_are_asked_for()
    {
        var log = new StringWriter();

        var result = BenchRunner.Run(["cpu", "opencl"], skipThoseThatCannotStart: true, Create, new BenchSettings(),
            log, Fakes, TinyData, FakePeak);

        result.Backends.Select(b => b.Backend).Should().Equal("cpu");
        result.Skipped.Should().Equal(("opencl", "no opencl platform: install it"));
        log.ToString().Should().Contain("opencl: cannot start, skipped: no opencl platform: install it");
    }

    [Test]
    public void A_named_backend_that_cannot_start_stops_the_run()
    {
        var act = () => BenchRunner.Run(["opencl"], skipThoseThatCannotStart: false, Create, new BenchSettings(),
            TextWriter.Null, Fakes, TinyData, FakePeak);

        act.Should().Throw<InvalidOperationException>().WithMessage("no opencl platform*");
    }

    [Test]
    public void A_failing_figure_is_reported_and_the_others_are_kept()
    {
        var log = new StringWriter();

        var result = BenchRunner.Run(["cpu"], skipThoseThatCannotStart: false, Create, new BenchSettings(), log,
            Fakes, TinyData, FakePeak);

        var cpu = result.Backends.Single();
        cpu.Figures.Select(f => f.Key).Should().Equal("rows", "backend");
        cpu["rows"]!.Median.Should().Be(3, "the fake training set has three images");
        cpu["backend"]!.Unit.Should().Be("current", "lesson code makes its tensors on the current backend");
        cpu.Failures.Should().Equal(("broken", "no such kernel here"));
        log.ToString().Should().Contain("cpu: a figure that throws: FAILED: no such kernel here");
        result.Decode!.Median.Should().Be(0.5);
        result.PeakWorkingSet!.Unit.Should().Be("MiB");
        result.FmaPeak!.Median.Should().Be(400);
    }

    [Test]
    public void The_cpu_cube_product_is_printed_as_a_fraction_of_the_fma_peak()
    {
        var log = new StringWriter();
        BackendBenchmark[] cube =
            [new(MatMulBenchmark.CubeKey, "matmul 1024^3", _ => Measurement.Single("GFLOP/s", 300))];

        BenchRunner.Run(["cpu"], skipThoseThatCannotStart: false, Create, new BenchSettings(), log, cube, TinyData,
            FakePeak);

        log.ToString().Should().Contain("FMA peak of the CPU")
            .And.Contain("cpu: matmul 1024^3: 300 GFLOP/s, 75% of the FMA peak");
    }
}
