using Lessons.Backends;
using Lessons.Configuration;

namespace Lessons.Data;

/// <summary>
/// The original MNIST handwritten digits (the seed notes' MLP example), read by the same loader as
/// <see cref="FashionMnist"/> from <c>MNIST_DIR</c>, a path, the user cache, or a download verified against
/// the published <c>.gz</c> SHA-256 values. No Debian package ships it, so offline it must be put in place by hand.
/// </summary>
public static class Mnist
{
    /// <summary>
    /// Loads MNIST onto <paramref name="backend"/>, searching as
    /// <see cref="FashionMnist.Load(string?, bool, LessonsConfig?, IBackend?)"/> does (but not lessons.json's dataDir).
    /// </summary>
    /// <exception cref="DatasetException">Not found anywhere, or a file is missing, truncated or corrupt.</exception>
    public static ImageDataset Load(
        string? path = null, bool offline = false, LessonsConfig? config = null, IBackend? backend = null) =>
        Load(DataSearch.Default(DatasetSpec.Mnist, path, offline, config), backend);

    /// <summary>Loads MNIST from the places <paramref name="search"/> names.</summary>
    public static ImageDataset Load(DataSearch search, IBackend? backend = null) =>
        new(DatasetLoader.Load(DatasetSpec.Mnist, search), backend);
}
