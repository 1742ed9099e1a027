namespace Lessons.Data;

/// <summary>The kinds of place a dataset is looked for, in the order they are searched.</summary>
public enum DataSourceKind
{
    /// <summary>A folder passed by the caller, e.g. from a command-line option.</summary>
    ExplicitPath,

    /// <summary>The folder named by the dataset's environment variable, e.g. <c>FASHION_MNIST_DIR</c>.</summary>
    EnvironmentVariable,

    /// <summary>The <c>dataDir</c> of lessons.json.</summary>
    ConfigDataDir,

    /// <summary>A folder an operating-system package installs, e.g. <c>/usr/share/datasets/fashion-mnist</c>.</summary>
    SystemPackage,

    /// <summary>The per-user cache folder, where downloads go.</summary>
    UserCache,

    /// <summary>Downloaded just now from a mirror into the user cache.</summary>
    Download,
}

/// <summary>One place to look for a dataset.</summary>
/// <param name="Kind">What kind of place it is.</param>
/// <param name="Folder">The folder.</param>
/// <param name="Label">How messages name it, e.g. "FASHION_MNIST_DIR" or "user cache".</param>
public sealed record DataSource(DataSourceKind Kind, string Folder, string Label)
{
    /// <summary>
    /// True for the places a user named (a path, the environment variable, the config's own folder): a problem
    /// there is an error about that place, never a silent fall-through to the next one. False for a dataset's
    /// subfolder of <c>dataDir</c> (see <see cref="ImageDatasetSpec.DataDirSubfolder"/>).
    /// </summary>
    public bool UserNamed { get; init; } = Kind is DataSourceKind.ExplicitPath
        or DataSourceKind.EnvironmentVariable
        or DataSourceKind.ConfigDataDir;

    /// <summary>The folder and its label, e.g. <c>/data/fmnist (FASHION_MNIST_DIR)</c>.</summary>
    public override string ToString() => $"{Folder} ({Label})";
}
