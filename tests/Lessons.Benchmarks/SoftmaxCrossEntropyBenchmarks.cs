using BenchmarkDotNet.Attributes;
using Lessons.Backends;
using Lessons.Chapter3;
using Lessons.Random;

namespace Lessons.MicroBenchmarks;

/// <summary>
/// Softmax + cross-entropy forward and backward on one 256×10 batch, as <c>lessons bench</c> measures it
/// (Lessons.Benchmarks.SoftmaxCrossEntropyBenchmark): the library's fused loss and the book's from-scratch pair.
/// Rows per second = 256 / time.
/// </summary>
[ShortRunJob]
public class SoftmaxCrossEntropyBenchmarks
{
    private IBackend backend = null!;
    private Tensor logits = null!;
    private Tensor y = null!;

    /// <summary>The backend under test.</summary>
    [ParamsSource(nameof(Backends))]
    public string Backend { get; set; } = "cpu";

    /// <summary>Every backend that starts on this machine.</summary>
    public static IEnumerable<string> Backends => StartableBackends.Names();

    /// <summary>Makes the logits (requiring a gradient) and labels on the backend.</summary>
    [GlobalSetup]
    public void Setup()
    {
        backend = Lessons.Backends.Backend.Create(Backend);
        logits = Tensor.Normal(0, 1, [256, 10], new Generator(2), backend: backend, requiresGrad: true);
        y = Tensor.FromArray(Enumerable.Range(0, 256).Select(i => i * 7 % 10).ToArray(), backend);
    }

    /// <summary>Frees the tensors and the backend.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        logits.Dispose();
        y.Dispose();
        backend.Dispose();
    }

    /// <summary>Tensor.SoftmaxCrossEntropy (log-sum-exp forward, softmax(o) − y backward), summed, then backward.
    /// </summary>
    [Benchmark(Baseline = true)]
    public float Fused() => Step((o, labels) => Tensor.SoftmaxCrossEntropy(o, labels));

    /// <summary>The book's softmax, then cross_entropy by picking the true label's probability (d2l §3.6).</summary>
    [Benchmark]
    public float Scratch() => Step((o, labels) =>
        SoftmaxRegressionScratch.CrossEntropy(SoftmaxRegressionScratch.Softmax(o), labels));

    private float Step(Func<Tensor, Tensor, Tensor> loss)
    {
        using var scope = Tensor.Scope();
        loss(logits, y).Sum().Backward();
        logits.ZeroGrad();
        return logits.Grad!.ToArray<float>()[0]; // waits for the device
    }
}
