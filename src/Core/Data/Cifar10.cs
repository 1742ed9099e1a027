using Lessons.Backends;
using Lessons.Configuration;

namespace Lessons.Data;

/// <summary>
/// CIFAR-10 (Krizhevsky 2009): 50,000 training and 10,000 test colour images, 32×32, ten classes (airplane …
/// truck) — the dataset of the seed notes' convolutional network. Read from the binary version's batch files
/// wherever they are (see <see cref="DataSearch"/>) and decoded to floats in [0, 1], shape (N, 3, 32, 32). About
/// 0.7 GB as float32 on the host while loading.
/// </summary>
public static class Cifar10
{
    /// <summary>
    /// Loads CIFAR-10 onto <paramref name="backend"/>, looking in <paramref name="path"/>, <c>CIFAR10_DIR</c>, the
    /// <c>cifar-10-batches-bin</c> subfolder of lessons.json's <c>dataDir</c>, the user cache, then downloading
    /// <c>cifar-10-binary.tar.gz</c> (170 MB, MD5-verified) into the cache unless <paramref name="offline"/> (or the
    /// config) says not. In every place, the folder itself or its <c>cifar-10-batches-bin</c> subfolder may hold the
    /// six files.
    /// </summary>
    /// <exception cref="DatasetException">Not found anywhere, or a file is missing, truncated or the wrong size.
    /// </exception>
    public static ImageDataset Load(
        string? path = null, bool offline = false, LessonsConfig? config = null, IBackend? backend = null) =>
        Load(DataSearch.Default(Cifar10Spec.Cifar10, path, offline, config), backend);

    /// <summary>Loads CIFAR-10 from the places <paramref name="search"/> names.</summary>
    public static ImageDataset Load(DataSearch search, IBackend? backend = null) =>
        Upload(Cifar10Loader.Load(Cifar10Spec.Cifar10, search), backend);

    /// <summary>The text of each numeric label, e.g. 0 → "airplane", 9 → "truck".</summary>
    public static IReadOnlyList<string> TextLabels(IEnumerable<int> labels) =>
        FashionMnist.TextLabels(Cifar10Spec.Cifar10, labels);

    /// <summary>Puts host data read by <see cref="Cifar10Loader"/> on <paramref name="backend"/>.</summary>
    public static ImageDataset Upload(Cifar10Data data, IBackend? backend = null) =>
        new(data.Spec, data.Train, data.Test, data.Location, backend);
}
