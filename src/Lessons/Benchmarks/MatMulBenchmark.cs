using Lessons.Backends;
using Lessons.Random;

namespace Lessons.Benchmarks;

/// <summary>Float32 matmul throughput at the lessons' shapes and at 1024³, straight on a backend's buffers.</summary>
public static class MatMulBenchmark
{
    /// <summary>
    /// The shapes measured: the softmax-regression forward pass (256×784 @ 784×10), its weight gradient (Xᵀ·G,
    /// 784×256ᵀ @ 256×10, A read transposed in place), and a square cube. Keys are the JSON names.
    /// </summary>
    public static readonly IReadOnlyList<(string Key, string Name, MatMulShape Shape)> Shapes =
    [
        ("matmul_256x784_784x10", "matmul 256x784 @ 784x10", new MatMulShape(256, 10, 784)),
        ("matmul_784x256T_256x10", "matmul (256x784)T @ 256x10, weight gradient",
            new MatMulShape(784, 10, 256, TransA: true)),
        ("matmul_1024", "matmul 1024x1024 @ 1024x1024", new MatMulShape(1024, 1024, 1024)),
    ];

    /// <summary>
    /// GFLOP/s of one shape: the median and spread of <see cref="BenchSettings.MicroRuns"/> timed batches of
    /// products (a small product is far too short to time alone), after a warm-up.
    /// </summary>
    public static Measurement Measure(IBackend backend, MatMulShape shape, BenchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(settings);
        var generator = new Generator(1);
        var (rowsA, colsA) = shape.TransA ? (shape.K, shape.M) : (shape.M, shape.K);
        using var a = Tensor.Uniform(-1, 1, [rowsA * colsA], generator, backend: backend);
        using var b = Tensor.Uniform(-1, 1, [shape.K * shape.N], generator, backend: backend);
        using var c = Tensor.Zeros([shape.M * shape.N], backend: backend);
        var sink = new float[shape.M * shape.N];
        var seconds = Sampler.SecondsPerCall(
            () => backend.MatMul(a.Buffer, b.Buffer, c.Buffer, shape),
            () => backend.Download<float>(c.Buffer, sink), // waits for a device to finish the batch
            settings.MicroRuns, settings.MinBatchSeconds);
        return Measurement.FromSamples("GFLOP/s", seconds.Select(s => shape.Flops / s / 1e9));
    }
}
