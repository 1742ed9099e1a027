using Lessons.Backends;
using Lessons.Data;

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

    /// <summary>The first <paramref name="count"/> examples of <paramref name="dataset"/> (all when it has fewer).</summary>
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
