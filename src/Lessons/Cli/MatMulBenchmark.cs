using System.Diagnostics;
using System.Globalization;
using Lessons.Backends;
using Lessons.Random;

namespace Lessons.Cli;

/// <summary>Float32 matmul throughput at the shapes the lessons use and at 1024³.</summary>
public static class MatMulBenchmark
{
    /// <summary>The shapes measured: the softmax-regression forward pass, its weight gradient, and a square
    /// cube.</summary>
    public static readonly (string Name, MatMulShape Shape)[] Shapes =
    [
        ("256x784 @ 784x10", new MatMulShape(256, 10, 784)),
        ("784x256 @ 256x10 (weight gradient, A transposed)", new MatMulShape(784, 10, 256, TransA: true)),
        ("1024x1024 @ 1024x1024", new MatMulShape(1024, 1024, 1024)),
    ];

    /// <summary>Runs every shape: a warm-up, then the median GFLOP/s of several timed runs with its spread.</summary>
    public static IEnumerable<string> Run(IBackend backend, int repeats = 7)
    {
        foreach (var (name, shape) in Shapes)
        {
            var (median, min, max) = Measure(backend, shape, repeats);
            yield return string.Create(CultureInfo.InvariantCulture,
                $"matmul {name}: {median:F1} GFLOP/s (min {min:F1}, max {max:F1})");
        }
    }

    /// <summary>GFLOP/s of one shape: median, minimum and maximum over <paramref name="repeats"/> timed runs.</summary>
    public static (double Median, double Min, double Max) Measure(IBackend backend, MatMulShape shape, int repeats)
    {
        var generator = new Generator(1);
        using var a = Tensor.Uniform(-1, 1, [shape.M * shape.K], generator, backend: backend);
        using var b = Tensor.Uniform(-1, 1, [shape.K * shape.N], generator, backend: backend);
        using var c = Tensor.Zeros([shape.M * shape.N], backend: backend);
        var aBuffer = a.Buffer;
        var bBuffer = b.Buffer;
        var cBuffer = c.Buffer;
        var sink = new float[shape.M * shape.N];

        // Small products are timed in batches so one measurement is long enough for the clock.
        var inner = Math.Max(1, (int)(2e8 / shape.Flops));
        var rates = new List<double>();
        for (var run = -1; run < repeats; run++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < inner; i++)
            {
                backend.MatMul(aBuffer, bBuffer, cBuffer, shape);
            }

            backend.Download<float>(cBuffer, sink); // waits for a device to finish
            if (run >= 0)
            {
                rates.Add(shape.Flops * inner / watch.Elapsed.TotalSeconds / 1e9);
            }
        }

        rates.Sort();
        return (rates[rates.Count / 2], rates[0], rates[^1]);
    }
}
