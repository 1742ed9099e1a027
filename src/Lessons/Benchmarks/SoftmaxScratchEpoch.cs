using Lessons.Chapter3;
using Lessons.Data;
using Lessons.Framework;
using Lessons.Random;

namespace Lessons.Benchmarks;

/// <summary>
/// Seconds per training epoch of softmax regression from scratch (d2l 0.17 §3.6 / current §4.4): 60,000 images in
/// batches of 256, lr 0.1, with the lesson's own softmax, cross-entropy, <c>train_epoch_ch3</c> and <c>sgd</c>, on
/// data already on the backend.
/// </summary>
public static class SoftmaxScratchEpoch
{
    /// <summary>The book's batch size.</summary>
    public const int BatchSize = 256;

    /// <summary>The book's learning rate.</summary>
    public const double Lr = 0.1;

    /// <summary>Times whole epochs of <see cref="SoftmaxRegressionScratch.TrainEpoch"/> over <paramref name="train"/>.
    /// </summary>
    public static Measurement Run(TensorDataset train, BenchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(settings);
        const int numInputs = 784, numOutputs = 10;
        var generator = new Generator(0);
        using var W = Tensor.Normal(0, 0.01, [numInputs, numOutputs], generator, backend: train.Backend,
            requiresGrad: true);
        using var b = Tensor.Zeros([numOutputs], backend: train.Backend, requiresGrad: true);

        // The lesson's Net (softmax(XW + b)) reads its own private W and b; this is the same line over ours.
        Tensor Net(Tensor X) => SoftmaxRegressionScratch.Softmax(X.Reshape(-1, numInputs).MatMul(W) + b);
        var updater = new ScratchUpdater(size => LinearRegressionScratch.Sgd([W, b], Lr, size));
        var trainIter = new DataLoader(train, BatchSize, shuffle: true, generator: generator);

        // TrainEpoch reads its loss and accuracy back at the end, so the clock includes all the device's work.
        var seconds = Sampler.Seconds(
            () => SoftmaxRegressionScratch.TrainEpoch(Net, trainIter, SoftmaxRegressionScratch.CrossEntropy, updater),
            settings.EpochWarmups, settings.EpochRuns, maxWarmups: settings.EpochMaxWarmups,
            minWarmupSeconds: settings.EpochMinWarmupSeconds);
        return Measurement.FromSamples("s", seconds);
    }
}
