using Lessons.Backends;

namespace Lessons.Benchmarks;

/// <summary>Float32 matmul throughput at the lessons' shapes and at 1024³, straight on a backend's buffers.</summary>
public static class MatMulBenchmark
{
    /// <summary>The JSON key of the 1024³ product, the one compared with the FMA peak.</summary>
    public const string CubeKey = "matmul_1024";

    /// <summary>
    /// The shapes measured: the softmax-regression forward pass (256×784 @ 784×10), its weight gradient (Xᵀ·G,
    /// 784×256ᵀ @ 256×10, A read transposed in place), and a square cube. Keys are the JSON names.
    /// </summary>
    public static readonly IReadOnlyList<(string Key, string Name, MatMulShape Shape)> Shapes =
    [
        ("matmul_256x784_784x10", "matmul 256x784 @ 784x10", new MatMulShape(256, 10, 784)),
        ("matmul_784x256T_256x10", "matmul (256x784)T @ 256x10, weight gradient",
            new MatMulShape(784, 10, 256, TransA: true)),
        (CubeKey, "matmul 1024x1024 @ 1024x1024", new MatMulShape(1024, 1024, 1024)),
    ];

    /// <summary>
    /// GFLOP/s of one shape: the median and spread of <see cref="BenchSettings.MicroRuns"/> timed batches of
    /// products (a small product is far too short to time alone), after a warm-up.
    /// </summary>
    public static Measurement Measure(IBackend backend, MatMulShape shape, BenchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(settings);
        // The backend's own buffers and primitive, not Tensor.MatMul: the figure is the kernel, without the
        // autograd and the output allocation a tensor product adds.
        var random = new System.Random(1);
        using var a = backend.Upload<float>(Uniform(random, shape.M * shape.K));
        using var b = backend.Upload<float>(Uniform(random, shape.K * shape.N));
        using var c = backend.Allocate(DType.Float32, shape.M * shape.N);
        var sink = new float[shape.M * shape.N];
        var seconds = Sampler.SecondsPerCall(
            () => backend.MatMul(a, b, c, shape),
            () => backend.Download<float>(c, sink), // waits for a device to finish the batch
            settings.MicroRuns, settings.MinBatchSeconds);
        return Measurement.FromSamples("GFLOP/s", seconds.Select(s => shape.Flops / s / 1e9));
    }

    private static float[] Uniform(System.Random random, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }
}
