using Lessons.Backends;
using Lessons.Data;
using Lessons.Random;

namespace Lessons.Framework;

/// <summary>
/// The image datasets for the lessons: each loaded once per backend and shared by every lesson of a run. Fashion-MNIST
/// unless the run chose another with <c>--dataset</c> (see <see cref="LessonDatasets"/>).
/// </summary>
public static class LessonData
{
    // Keyed by where the data is looked for too, so a run that points elsewhere (another MNIST_DIR) reads again.
    private static readonly Dictionary<(IBackend, string, DataSearch), ImageDataset> Loaded = [];

    /// <summary>Fashion-MNIST on the context's backend (offline when the options say so).</summary>
    public static ImageDataset FashionMnist(LessonContext context) => Load(context, LessonDatasets.FashionMnist);

    /// <summary>The run's dataset (<see cref="LessonOptions.Dataset"/>, else Fashion-MNIST) on the context's
    /// backend.</summary>
    public static ImageDataset Images(LessonContext context) =>
        Load(context, context.Options.Dataset ?? LessonDatasets.FashionMnist);

    /// <summary>
    /// d2l's <c>load_data_fashion_mnist(batch_size)</c> for a lesson: the training loader reshuffled each epoch by
    /// <paramref name="generator"/>, the test loader in order; with <c>--quick</c>, the first 6,000 training and
    /// 2,000 test images only.
    /// </summary>
    public static (DataLoader TrainIter, DataLoader TestIter) FashionMnistLoaders(LessonContext context,
        int batchSize, Generator generator) =>
        Loaders(context, FashionMnist(context), batchSize, generator);

    /// <summary>
    /// The loaders of <see cref="FashionMnistLoaders"/> over the run's dataset (<see cref="Images"/>), each batch
    /// normalised by <paramref name="normalize"/> when one is given.
    /// </summary>
    public static (DataLoader TrainIter, DataLoader TestIter) Loaders(LessonContext context, int batchSize,
        Generator generator, Normalize? normalize = null) =>
        Loaders(context, Images(context), batchSize, generator, normalize);

    private static ImageDataset Load(LessonContext context, string name)
    {
        var search = DataSearch.Default(LessonDatasets.Spec(name), offline: context.Options.Offline);
        lock (Loaded)
        {
            if (!Loaded.TryGetValue((context.Backend, name, search), out var dataset))
            {
                dataset = LessonDatasets.Load(name, search, context.Backend);
                Loaded[(context.Backend, name, search)] = dataset;
            }

            return dataset;
        }
    }

    private static (DataLoader TrainIter, DataLoader TestIter) Loaders(LessonContext context, ImageDataset data,
        int batchSize, Generator generator, Normalize? normalize = null)
    {
        var quick = context.Options.Quick;
        var train = quick ? Head(data.Train, 6000) : data.Train;
        var test = quick ? Head(data.Test, 2000) : data.Test;
        var normalized = normalize is null ? "" : $", {normalize}";
        context.Report.Say(
            $"{data.Spec.Name}: {train.Count} training and {test.Count} test images{normalized} ({data.Location})");
        Func<Tensor, Tensor>? transform = normalize is null ? null : normalize.Forward;
        return (new DataLoader(train, batchSize, shuffle: true, generator: generator, featureTransform: transform),
            new DataLoader(test, batchSize, featureTransform: transform));
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
