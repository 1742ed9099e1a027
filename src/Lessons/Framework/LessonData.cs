using Lessons.Backends;
using Lessons.Data;
using Lessons.Random;

namespace Lessons.Framework;

/// <summary>Fashion-MNIST for the lessons: loaded once per backend and shared by every lesson of a run.</summary>
public static class LessonData
{
    private static readonly Dictionary<IBackend, ImageDataset> Loaded = [];

    /// <summary>Fashion-MNIST on the context's backend (offline when the options say so).</summary>
    public static ImageDataset FashionMnist(LessonContext context)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(context.Backend, out var dataset))
            {
                dataset = Data.FashionMnist.Load(offline: context.Options.Offline, backend: context.Backend);
                Loaded[context.Backend] = dataset;
            }

            return dataset;
        }
    }

    /// <summary>
    /// d2l's <c>load_data_fashion_mnist(batch_size)</c> for a lesson: the training loader reshuffled each epoch by
    /// <paramref name="generator"/>, the test loader in order; with <c>--quick</c>, the first 6,000 training and
    /// 2,000 test images only.
    /// </summary>
    public static (DataLoader TrainIter, DataLoader TestIter) FashionMnistLoaders(LessonContext context,
        int batchSize, Generator generator)
    {
        var data = FashionMnist(context);
        var quick = context.Options.Quick;
        var train = quick ? Head(data.Train, 6000) : data.Train;
        var test = quick ? Head(data.Test, 2000) : data.Test;
        context.Report.Say($"Fashion-MNIST: {train.Count} training and {test.Count} test images ({data.Location})");
        return (new DataLoader(train, batchSize, shuffle: true, generator: generator), new DataLoader(test, batchSize));
    }

    /// <summary>The first <paramref name="count"/> examples of <paramref name="dataset"/> (all when it has
    /// fewer).</summary>
    public static TensorDataset Head(TensorDataset dataset, int count)
    {
        if (count >= dataset.Count)
        {
            return dataset;
        }

        using var index = Tensor.FromArray([.. Enumerable.Range(0, count)], dataset.Backend);
        return new TensorDataset([.. dataset.Tensors.Select(t => t.IndexSelect(0, index))]);
    }
}
