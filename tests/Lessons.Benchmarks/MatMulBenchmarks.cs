using BenchmarkDotNet.Attributes;
using Lessons.Backends;
using Lessons.Random;

namespace Lessons.MicroBenchmarks;

/// <summary>
/// Float32 matmul at the shapes of <c>lessons bench</c> (Lessons.Benchmarks.MatMulBenchmark), one product per call
/// followed by a read back, so a device's queued work is inside the measurement.
/// </summary>
[ShortRunJob]
public class MatMulBenchmarks
{
    private IBackend backend = null!;
    private Tensor a = null!;
    private Tensor b = null!;
    private Tensor c = null!;
    private MatMulShape shape;
    private float[] result = [];

    /// <summary>The backend under test.</summary>
    [ParamsSource(nameof(Backends))]
    public string Backend { get; set; } = "cpu";

    /// <summary>Every backend that starts on this machine.</summary>
    public static IEnumerable<string> Backends => StartableBackends.Names();

    /// <summary>The product: "MxKxN", with a trailing T when A is read transposed.</summary>
    [Params("256x784x10", "784x256x10T", "1024x1024x1024")]
    public string Shape { get; set; } = "256x784x10";

    /// <summary>Allocates the operands on the backend.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var transA = Shape.EndsWith('T');
        var dims = Shape.TrimEnd('T').Split('x').Select(int.Parse).ToArray();
        shape = new MatMulShape(dims[0], dims[2], dims[1], TransA: transA);
        backend = Lessons.Backends.Backend.Create(Backend);
        var generator = new Generator(1);
        a = Tensor.Uniform(-1, 1, [shape.M * shape.K], generator, backend: backend);
        b = Tensor.Uniform(-1, 1, [shape.K * shape.N], generator, backend: backend);
        c = Tensor.Zeros([shape.M * shape.N], backend: backend);
        result = new float[shape.M * shape.N];
    }

    /// <summary>Frees the operands and the backend.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        a.Dispose();
        b.Dispose();
        c.Dispose();
        backend.Dispose();
    }

    /// <summary>One product, waited for (GFLOP/s = 2·M·N·K / time).</summary>
    [Benchmark]
    public float MatMul()
    {
        backend.MatMul(a.Buffer, b.Buffer, c.Buffer, shape);
        backend.Download<float>(c.Buffer, result); // waits for a device; a copy of C, small beside the product
        return result[0];
    }
}
