using Lessons.Chapter3;
using Lessons.Chapter6;
using Lessons.Data;
using Lessons.Optim;
using Lessons.Random;

namespace Lessons.Benchmarks;

/// <summary>
/// Seconds per training epoch of d2l's LeNet (the lenet lesson, d2l 0.17 §6.6 / current §7.6): two convolutions with
/// sigmoid and average pooling, three linear layers, cross-entropy, SGD lr 0.9, batches of 256 — the first figure
/// where the convolutions, not the matrix products of the linear layers, take most of the time.
/// </summary>
public static class LeNetEpoch
{
    /// <summary>The book's batch size.</summary>
    public const int BatchSize = 256;

    /// <summary>The book's learning rate.</summary>
    public const double Lr = 0.9;

    /// <summary>
    /// Times whole epochs of <see cref="SoftmaxRegressionScratch.TrainEpoch"/> with the lesson's network, loss and
    /// updater, over <paramref name="train"/> ((N, 1, 28, 28) images). The network's parameters are made on the
    /// current backend, which must be <paramref name="train"/>'s.
    /// </summary>
    public static Measurement Run(TensorDataset train, BenchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(settings);
        var generator = new Generator(0);
        return ModuleEpoch.Time(LeNet.CreateLeNet(generator), parameters => new Sgd(parameters, Lr),
            train, BatchSize, generator, settings);
    }
}
