namespace Lessons.Data;

/// <summary>
/// What every image-classification dataset's spec says, whatever its file format: its name, the places it may be
/// found (environment variable, lessons.json's <c>dataDir</c>, system folders, the user cache) and its class names.
/// <see cref="DatasetSpec"/> describes the IDX datasets (Fashion-MNIST, MNIST), <see cref="Cifar10Spec"/> CIFAR-10.
/// </summary>
public abstract record ImageDatasetSpec
{
    /// <summary>A name for messages, e.g. "Fashion-MNIST".</summary>
    public required string Name { get; init; }

    /// <summary>The folder name under the user cache, e.g. <c>fashion-mnist</c>.</summary>
    public required string CacheName { get; init; }

    /// <summary>The environment variable naming a folder that holds the files, e.g. <c>FASHION_MNIST_DIR</c>.</summary>
    public required string EnvironmentVariable { get; init; }

    /// <summary>
    /// True when the <c>dataDir</c> of lessons.json is this dataset's own folder. It is documented as the
    /// Fashion-MNIST folder, so only Fashion-MNIST reads it this way (a problem there is an error about it).
    /// </summary>
    public bool UsesConfigDataDir { get; init; }

    /// <summary>
    /// A subfolder of lessons.json's <c>dataDir</c> where this dataset is looked for, e.g. <c>mnist</c>; null when
    /// none is. MNIST's files have Fashion-MNIST's names, so they cannot share the folder itself. Unlike a folder
    /// the user named, a subfolder without the files is passed over.
    /// </summary>
    public string? DataDirSubfolder { get; init; }

    /// <summary>Folders where an operating-system package installs the files, searched in order.</summary>
    public IReadOnlyList<string> SystemFolders { get; init; } = [];

    /// <summary>How to install it from a package, for the "not found" message, or null when none exists.</summary>
    public string? InstallHint { get; init; }

    /// <summary>The text of each class label, indexed by label.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }
}
