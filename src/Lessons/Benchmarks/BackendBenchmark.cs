using Lessons.Backends;
using Lessons.Data;

namespace Lessons.Benchmarks;

/// <summary>What a per-backend figure is measured with.</summary>
/// <param name="Backend">The backend under test (also <see cref="Backends.Backend.Current"/> while it runs).</param>
/// <param name="Train">Fashion-MNIST's 60,000 training images and labels, on <paramref name="Backend"/>.</param>
/// <param name="Settings">Repeat counts.</param>
public sealed record BenchContext(IBackend Backend, TensorDataset Train, BenchSettings Settings);

/// <summary>One figure measured on every backend.</summary>
/// <param name="Key">Its name in the JSON output.</param>
/// <param name="Label">What it measures, in words, for the console.</param>
/// <param name="Measure">Takes the figure.</param>
public sealed record BackendBenchmark(string Key, string Label, Func<BenchContext, Measurement> Measure)
{
    /// <summary>
    /// Every per-backend figure, cheapest first: the cost of one tiny operation, the matmul shapes, softmax +
    /// cross-entropy on one batch, then the training epochs the micro figures explain.
    /// </summary>
    public static IReadOnlyList<BackendBenchmark> All { get; } =
    [
        new("op_queued", "one tiny operation (negate 1 element), queued back to back",
            c => LaunchOverheadBenchmark.Queued(c.Backend, c.Settings)),
        new("op_waited", "one tiny operation, each waited for by reading its result",
            c => LaunchOverheadBenchmark.Waited(c.Backend, c.Settings)),
        new("op_tensor", "one tiny tensor operation (y = -x, a new tensor), queued back to back",
            c => LaunchOverheadBenchmark.Tensor(c.Backend, c.Settings)),
        .. MatMulBenchmark.Shapes.Select(s => new BackendBenchmark(
            s.Key, s.Name, c => MatMulBenchmark.Measure(c.Backend, s.Shape, c.Settings))),
        new("softmax_ce_fused_256x10", "fused softmax + cross-entropy, forward and backward, 256x10",
            c => SoftmaxCrossEntropyBenchmark.Fused(c.Backend, c.Settings)),
        new("softmax_ce_scratch_256x10", "the book's softmax then cross_entropy, forward and backward, 256x10",
            c => SoftmaxCrossEntropyBenchmark.Scratch(c.Backend, c.Settings)),
        new("softmax_scratch_epoch", "softmax regression from scratch, one epoch (60,000 images, batch 256)",
            c => SoftmaxScratchEpoch.Run(c.Train, c.Settings)),
        new("mlp_epoch", "784-128-10 MLP with Adam, one epoch (60,000 images, batch 64)",
            c => MlpEpoch.Run(c.Train, c.Settings)),
        new("lenet_epoch", "d2l's LeNet with SGD, one epoch (60,000 images, batch 256)",
            c => LeNetEpoch.Run(c.Train, c.Settings)),
    ];
}
