using Lessons.Backends;
using Lessons.Backends.OpenCl;

namespace Lessons.Tests.OpenCl;

/// <summary>Prints matmul GFLOP/s on the OpenCL device; measured, never asserted, and only run when asked.</summary>
[Explicit("A benchmark: run with --filter FullyQualifiedName~MatMulBenchmarkTests")]
public sealed class MatMulBenchmarkTests
{
    [Test]
    public void Standard_shapes()
    {
        var backend = OpenClTestDevice.Shared;
        TestContext.Out.WriteLine(backend.Describe());
        foreach (var shape in OpenClBenchmarks.StandardShapes)
        {
            Report(OpenClBenchmarks.MatMul(backend, shape));
        }
    }

    [Test]
    public void Tile_sweep()
    {
        var backend = OpenClTestDevice.Shared;
        MatMulTiles[] candidates =
        [
            MatMulTiles.Cpu, MatMulTiles.Gpu, MatMulTiles.GpuNarrow,
            new(16, 16, 32, 8, 16), new(16, 16, 64, 16, 16), new(32, 16, 64, 8, 16), new(16, 16, 64, 4, 16),
            new(16, 16, 128, 8, 16), new(32, 32, 32, 8, 16), new(16, 16, 32, 8, 8),
        ];
        foreach (var shape in OpenClBenchmarks.StandardShapes)
        {
            foreach (var tiles in candidates)
            {
                Report(OpenClBenchmarks.MatMul(backend, shape, repeats: 3, tiles));
            }
        }
    }

    private static void Report(MatMulTiming t)
    {
        // A benchmark asserts only that it measured something: a product that took no time was never run.
        t.SecondsPerProduct.Should().BePositive($"{t.Shape} was timed");
        TestContext.Out.WriteLine(
            $"{t.Shape.M}x{t.Shape.K}{(t.Shape.TransA ? "ᵀ" : "")} @ {t.Shape.K}x{t.Shape.N}: " +
            $"{t.Gflops,6:F1} GFLOP/s " +
            $"({t.SecondsPerProduct * 1e3:F3} ms) tiles {t.Tiles.Defines}");
    }
}
