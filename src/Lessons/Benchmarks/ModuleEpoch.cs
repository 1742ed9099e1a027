using Lessons.Chapter3;
using Lessons.Data;
using Lessons.Framework;
using Lessons.Losses;
using Lessons.NN;
using Lessons.Optim;
using Lessons.Random;

namespace Lessons.Benchmarks;

/// <summary>
/// Seconds per training epoch of a concise network: <see cref="SoftmaxRegressionScratch.TrainEpoch"/> with a
/// cross-entropy loss and an optimizer, as the lessons train it. The MLP and LeNet figures share it.
/// </summary>
internal static class ModuleEpoch
{
    /// <summary>
    /// Times whole epochs of <paramref name="net"/> over <paramref name="train"/> in shuffled batches of
    /// <paramref name="batchSize"/>, updated by the optimizer <paramref name="optimizer"/> makes of its parameters;
    /// frees the parameters afterwards. They live on the current backend, which must be <paramref name="train"/>'s.
    /// </summary>
    public static Measurement Time(Module net, Func<IEnumerable<Tensor>, Optimizer> optimizer,
        TensorDataset train, int batchSize, Generator generator, BenchSettings settings)
    {
        var loss = new CrossEntropyLoss(reduction: Reduction.None);
        var updater = new OptimizerUpdater(optimizer(net.Parameters()));
        var trainIter = new DataLoader(train, batchSize, shuffle: true, generator: generator);
        try
        {
            var seconds = Sampler.Seconds(
                () => SoftmaxRegressionScratch.TrainEpoch(net.Forward, trainIter, loss.Forward, updater),
                settings.EpochWarmups, settings.EpochRuns, maxWarmups: settings.EpochMaxWarmups,
            minWarmupSeconds: settings.EpochMinWarmupSeconds);
            return Measurement.FromSamples("s", seconds);
        }
        finally
        {
            foreach (var parameter in net.Parameters())
            {
                parameter.Grad?.Dispose();
                parameter.Dispose();
            }
        }
    }
}
