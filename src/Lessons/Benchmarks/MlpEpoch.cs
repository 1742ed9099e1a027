using Lessons.Chapter3;
using Lessons.Data;
using Lessons.Optim;
using Lessons.Random;

namespace Lessons.Benchmarks;

/// <summary>
/// Seconds per training epoch of the seed notes' MLP (the MLP lesson, d2l 0.17 §4.7 / current §5.3): Flatten,
/// Linear(784, 128), ReLU, Linear(128, 10), cross-entropy, Adam lr 1e-3, batches of 64 — 938 steps an epoch, so
/// per-step overhead (kernel launches, autograd bookkeeping) shows more than in softmax regression's 235.
/// </summary>
public static class MlpEpoch
{
    /// <summary>The notes' batch size.</summary>
    public const int BatchSize = 64;

    /// <summary>The notes' learning rate.</summary>
    public const double Lr = 1e-3;

    /// <summary>
    /// Times whole epochs of <see cref="SoftmaxRegressionScratch.TrainEpoch"/> with the lesson's network, loss and
    /// updater, over <paramref name="train"/>. The network's parameters are made on the current backend, which must be
    /// <paramref name="train"/>'s.
    /// </summary>
    public static Measurement Run(TensorDataset train, BenchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(settings);
        var generator = new Generator(0);
        return ModuleEpoch.Time(Mlp.CreateNotesNet(generator), parameters => new Adam(parameters, Lr),
            train, BatchSize, generator, settings);
    }
}
