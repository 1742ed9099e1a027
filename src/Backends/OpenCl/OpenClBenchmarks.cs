using System.Diagnostics;

namespace Lessons.Backends.OpenCl;

/// <summary>One measured matmul: the shape, the tiles used, and the throughput.</summary>
/// <param name="Shape">The product measured.</param>
/// <param name="Tiles">The blocking matmul.cl was built with.</param>
/// <param name="SecondsPerProduct">Median wall-clock time of one product.</param>
/// <param name="Gflops">Median throughput in 10⁹ floating-point operations per second.</param>
public sealed record MatMulTiming(MatMulShape Shape, MatMulTiles Tiles, double SecondsPerProduct, double Gflops);

/// <summary>
/// Timing helpers for <c>lessons bench</c>: float32 matmul throughput on an OpenCL device, measured the way a
/// training loop runs (many enqueued products, one wait at the end), never asserted.
/// </summary>
public static class OpenClBenchmarks
{
    /// <summary>The target shapes: softmax regression's forward product, its weight gradient, and 1024³.</summary>
    public static IReadOnlyList<MatMulShape> StandardShapes { get; } =
    [
        new(256, 10, 784),
        new(784, 10, 256, TransA: true),
        new(1024, 1024, 1024),
    ];

    /// <summary>
    /// Median GFLOP/s of float32 C = op(A)·op(B) over <paramref name="repeats"/> timed batches, after one warm-up
    /// batch that also compiles the kernel. <paramref name="tiles"/> forces a blocking (for tuning); null lets
    /// the backend choose as it would in training.
    /// </summary>
    public static MatMulTiming MatMul(
        OpenClBackend backend, MatMulShape shape, int repeats = 5, MatMulTiles? tiles = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var random = new System.Random(1);
        using var a = backend.Upload<float>(RandomValues(random, shape.M * shape.K));
        using var b = backend.Upload<float>(RandomValues(random, shape.K * shape.N));
        using var c = backend.Allocate(DType.Float32, shape.M * shape.N);
        tiles?.Validate();
        var previous = backend.TilesOverride;
        backend.TilesOverride = tiles;
        try
        {
            // Batch small products so each timed interval is long enough (≈ 0.1 s) for the clock.
            var batch = Math.Max(1, (int)(1e8 / shape.Flops));
            var times = new List<double>();
            for (var run = -1; run < repeats; run++)
            {
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < batch; i++)
                {
                    backend.MatMul(a, b, c, shape);
                }

                backend.Synchronize();
                if (run >= 0)
                {
                    times.Add(watch.Elapsed.TotalSeconds / batch);
                }
            }

            times.Sort();
            var median = times[times.Count / 2];
            var used = tiles ?? MatMulTiles.For(shape, backend.Device);
            return new MatMulTiming(shape, used, median, shape.Flops / median / 1e9);
        }
        finally
        {
            backend.TilesOverride = previous;
        }
    }

    private static float[] RandomValues(System.Random random, int n)
    {
        var values = new float[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }
}
