using Lessons.Configuration;

namespace Lessons.Data;

/// <summary>
/// Where a dataset is looked for and whether it may be downloaded: everything the search depends on, in one
/// value, so tests can point it at empty temporary folders and a fake HTTP handler. <see cref="Default"/>
/// builds the real one from the caller's path, the environment and lessons.json.
/// </summary>
public sealed record DataSearch
{
    /// <summary>A folder the caller named (e.g. from a command-line option); searched first.</summary>
    public string? Path { get; init; }

    /// <summary>The value of the dataset's environment variable (e.g. <c>FASHION_MNIST_DIR</c>), or null.</summary>
    public string? EnvironmentFolder { get; init; }

    /// <summary>The <c>dataDir</c> of lessons.json, or null (searched itself, or a subfolder of it: see
    /// <see cref="ImageDatasetSpec.DataDirSubfolder"/>).</summary>
    public string? ConfigFolder { get; init; }

    /// <summary>The lessons.json the <see cref="ConfigFolder"/> came from, for messages.</summary>
    public string? ConfigSource { get; init; }

    /// <summary>Folders an operating-system package installs the files in.</summary>
    public IReadOnlyList<string> SystemFolders { get; init; } = [];

    /// <summary>The per-user cache folder, read and downloaded into; null when there is none.</summary>
    public string? CacheFolder { get; init; }

    /// <summary>Whether missing files may be downloaded into <see cref="CacheFolder"/>.</summary>
    public bool Download { get; init; } = true;

    /// <summary>Why downloading is off, for the "not found" message (e.g. "--offline").</summary>
    public string? OfflineReason { get; init; }

    /// <summary>The HTTP handler downloads go through; null for a real one. Tests pass a stub.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>Whether each file's checksum is verified on every load (about 0.1 s for Fashion-MNIST).</summary>
    public bool Verify { get; init; } = true;

    /// <summary>
    /// The usual search for <paramref name="spec"/>: <paramref name="path"/>, the dataset's environment
    /// variable, the config's <c>dataDir</c> (Fashion-MNIST's; other datasets' subfolders of it), the system
    /// package folder, the user cache,
    /// then a download unless <paramref name="offline"/> or the config's <c>offline</c> says no.
    /// </summary>
    /// <param name="spec">The dataset.</param>
    /// <param name="path">A folder the caller named, or null.</param>
    /// <param name="offline">True to never download (the CLI's <c>--offline</c>).</param>
    /// <param name="config">The configuration; <see cref="LessonsConfig.Load"/> when null.</param>
    /// <param name="environment">Reads environment variables; the process environment when null.</param>
    public static DataSearch Default(
        ImageDatasetSpec spec,
        string? path = null,
        bool offline = false,
        LessonsConfig? config = null,
        Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        config ??= LessonsConfig.Load();
        return new DataSearch
        {
            Path = path,
            EnvironmentFolder = environment(spec.EnvironmentVariable) is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : null,
            ConfigFolder = spec.UsesConfigDataDir || spec.DataDirSubfolder is not null ? config.DataDir : null,
            ConfigSource = config.Source,
            SystemFolders = spec.SystemFolders,
            CacheFolder = Data.CacheFolder.For(spec.CacheName, environment),
            Download = !offline && !config.Offline,
            OfflineReason = offline ? "--offline" : config.Offline ? $"\"offline\": true in {config.Source}" : null,
        };
    }

    /// <summary>
    /// The places to look, in order, labelled for messages (the download is not a place; see <see cref="Download"/>).
    /// </summary>
    public IReadOnlyList<DataSource> Sources(ImageDatasetSpec spec)
    {
        var sources = new List<DataSource>();
        if (Path is not null)
        {
            sources.Add(new(DataSourceKind.ExplicitPath, Path, "the path given"));
        }

        if (EnvironmentFolder is not null)
        {
            sources.Add(new(DataSourceKind.EnvironmentVariable, EnvironmentFolder, spec.EnvironmentVariable));
        }

        if (ConfigFolder is not null)
        {
            var file = ConfigSource ?? LessonsConfig.FileName;
            var folder = ResolveAgainst(ConfigFolder, ConfigSource);
            if (spec.UsesConfigDataDir)
            {
                sources.Add(new(DataSourceKind.ConfigDataDir, folder, $"dataDir in {file}"));
            }
            else if (spec.DataDirSubfolder is { } subfolder)
            {
                // dataDir is Fashion-MNIST's folder; another dataset there is optional, so passed over if absent.
                sources.Add(new(DataSourceKind.ConfigDataDir, System.IO.Path.Combine(folder, subfolder),
                    $"the {subfolder} subfolder of dataDir in {file}")
                { UserNamed = false });
            }
        }

        foreach (var folder in SystemFolders)
        {
            var label = spec.InstallHint is null ? "system package" : $"system package: {spec.InstallHint}";
            sources.Add(new(DataSourceKind.SystemPackage, folder, label));
        }

        if (CacheFolder is not null)
        {
            sources.Add(new(DataSourceKind.UserCache, CacheFolder, "user cache"));
        }

        return sources;
    }

    // A relative dataDir means "relative to lessons.json", the way a reader of that file expects.
    private static string ResolveAgainst(string folder, string? configFile) =>
        configFile is null || System.IO.Path.IsPathRooted(folder)
            ? folder
            : System.IO.Path.GetFullPath(folder, System.IO.Path.GetDirectoryName(configFile)!);
}
