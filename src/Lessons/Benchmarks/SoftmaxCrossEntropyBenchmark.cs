using Lessons.Backends;
using Lessons.Chapter3;
using Lessons.Random;

namespace Lessons.Benchmarks;

/// <summary>
/// Softmax + cross-entropy, forward and backward, on one 256×10 batch of logits (the softmax-regression minibatch),
/// in rows per second: the library's fused loss (<see cref="Tensor.SoftmaxCrossEntropy"/>: log-sum-exp forward,
/// softmax(o) − y backward, as torch's <c>F.cross_entropy</c>), and the book's from-scratch pair (softmax, then
/// −log of the picked probability) that the softmax-regression epoch runs.
/// </summary>
public static class SoftmaxCrossEntropyBenchmark
{
    /// <summary>Rows of the batch.</summary>
    public const int Rows = 256;

    /// <summary>Classes.</summary>
    public const int Classes = 10;

    /// <summary>Rows per second of the fused loss, forward and backward.</summary>
    public static Measurement Fused(IBackend backend, BenchSettings settings) =>
        Measure(backend, settings, (o, y) => Tensor.SoftmaxCrossEntropy(o, y));

    /// <summary>Rows per second of the book's softmax and cross_entropy (§3.6), forward and backward.</summary>
    public static Measurement Scratch(IBackend backend, BenchSettings settings) =>
        Measure(backend, settings,
            (o, y) => SoftmaxRegressionScratch.CrossEntropy(SoftmaxRegressionScratch.Softmax(o), y));

    private static Measurement Measure(IBackend backend, BenchSettings settings, Func<Tensor, Tensor, Tensor> loss)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(settings);
        var generator = new Generator(2);
        using var logits = Tensor.Normal(0, 1, [Rows, Classes], generator, backend: backend, requiresGrad: true);
        var labels = Enumerable.Range(0, Rows).Select(i => (int)((uint)(i * 7919) % Classes)).ToArray();
        using var y = Tensor.FromArray(labels, backend);
        var seconds = Sampler.SecondsPerCall(
            () =>
            {
                using var scope = Tensor.Scope();
                loss(logits, y).Sum().Backward();
            },
            () => logits.Grad!.ToArray<float>(), // waits for the device (gradients accumulate, as torch's do)
            settings.MicroRuns, settings.MinBatchSeconds);
        return Measurement.FromSamples("rows/s", seconds.Select(s => Rows / s));
    }
}
