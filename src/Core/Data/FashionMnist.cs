using Lessons.Backends;
using Lessons.Configuration;
using Lessons.Random;

namespace Lessons.Data;

/// <summary>
/// Fashion-MNIST (d2l 0.17 §3.5 / current §4.2): 60,000 training and 10,000 test images of clothing, 28×28
/// grayscale, ten classes. Read from the original IDX files wherever they are (see <see cref="DataSearch"/>),
/// verified by checksum, decoded to floats in [0, 1].
/// </summary>
public static class FashionMnist
{
    /// <summary>
    /// Loads Fashion-MNIST onto <paramref name="backend"/>, looking in <paramref name="path"/>,
    /// <c>FASHION_MNIST_DIR</c>, lessons.json's <c>dataDir</c>, Debian's <c>/usr/share/datasets/fashion-mnist</c>,
    /// the user cache, then downloading into the cache unless <paramref name="offline"/> (or the config) says not.
    /// </summary>
    /// <exception cref="DatasetException">Not found anywhere, or a file is missing, truncated or corrupt.</exception>
    public static ImageDataset Load(
        string? path = null, bool offline = false, LessonsConfig? config = null, IBackend? backend = null) =>
        Load(DataSearch.Default(DatasetSpec.FashionMnist, path, offline, config), backend);

    /// <summary>Loads Fashion-MNIST from the places <paramref name="search"/> names.</summary>
    public static ImageDataset Load(DataSearch search, IBackend? backend = null) =>
        new(DatasetLoader.Load(DatasetSpec.FashionMnist, search), backend);

    /// <summary>
    /// d2l's <c>load_data_fashion_mnist(batch_size, resize=None)</c>: the training and test loaders, the
    /// training one reshuffled every epoch. The dataset's tensors live as long as the loaders are used.
    /// </summary>
    public static (DataLoader TrainIter, DataLoader TestIter) LoadDataFashionMnist(
        int batchSize,
        int? resize = null,
        Generator? generator = null,
        string? path = null,
        bool offline = false,
        LessonsConfig? config = null,
        IBackend? backend = null) =>
        Load(path, offline, config, backend).Loaders(batchSize, resize, generator);

    /// <summary>d2l's <c>get_fashion_mnist_labels</c>: the text of each numeric label.</summary>
    public static IReadOnlyList<string> GetFashionMnistLabels(IEnumerable<int> labels) =>
        TextLabels(DatasetSpec.FashionMnist, labels);

    /// <summary>The text of each label of <paramref name="spec"/>; a label outside its classes is an error.</summary>
    internal static IReadOnlyList<string> TextLabels(ImageDatasetSpec spec, IEnumerable<int> labels) =>
    [
        .. labels.Select(label => label >= 0 && label < spec.ClassNames.Count
            ? spec.ClassNames[label]
            : throw new ArgumentOutOfRangeException(
                nameof(labels),
                $"Label {label} is out of range: {spec.Name} has {spec.ClassNames.Count} classes " +
                $"(0..{spec.ClassNames.Count - 1})."))
    ];
}
