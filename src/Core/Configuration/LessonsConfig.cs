using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lessons.Configuration;

/// <summary>
/// The settings in <c>lessons.json</c>: which backend, which OpenCL device, where the data lives.
/// Precedence, lowest first: this file, then environment variables (<c>LESSONS_BACKEND</c>,
/// <c>FASHION_MNIST_DIR</c>), then command-line options.
/// </summary>
public sealed record LessonsConfig
{
    /// <summary>The file name looked for in the working directory and its parents.</summary>
    public const string FileName = "lessons.json";

    /// <summary>"cpu" (default) or "opencl".</summary>
    public string Backend { get; init; } = "cpu";

    /// <summary>OpenCL platform and device choice.</summary>
    public OpenClOptions OpenCl { get; init; } = new();

    /// <summary>A folder holding the Fashion-MNIST IDX files, or null to search the usual places.</summary>
    public string? DataDir { get; init; }

    /// <summary>When true, datasets are never downloaded.</summary>
    public bool Offline { get; init; }

    /// <summary>Where the configuration was read from, or null for the built-in defaults.</summary>
    [JsonIgnore]
    public string? Source { get; init; }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>
    /// Reads <paramref name="path"/>, or, when null, the file named by <c>LESSONS_CONFIG</c>, or the first
    /// <c>lessons.json</c> in the working directory or a parent; the defaults when there is none. A syntax error, a
    /// value of the wrong kind or an unknown key (with the nearest known one) is an error naming the file, the key and
    /// its 1-based line.
    /// </summary>
    public static LessonsConfig Load(string? path = null)
    {
        path ??= Environment.GetEnvironmentVariable("LESSONS_CONFIG") ?? Find(Directory.GetCurrentDirectory());
        if (path is null)
        {
            return new LessonsConfig();
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Configuration file '{path}' does not exist.", path);
        }

        var text = File.ReadAllText(path);
        try
        {
            var lines = ConfigurationKeys.Check(path, text, typeof(LessonsConfig), JsonOptions);
            var config = JsonSerializer.Deserialize<LessonsConfig>(text, JsonOptions) ?? new LessonsConfig();
            return config with { Source = Path.GetFullPath(path), KeyLines = lines };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(ConfigurationKeys.Describe(path, e), e);
        }
    }

    /// <summary>The 1-based line of each key read from the file ("backend", "openCl.device"), for messages that
    /// name where a setting came from.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, int> KeyLines { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// Where the backend setting comes from, in the user's words: "LESSONS_BACKEND", "lessons.json
    /// (/path/lessons.json), key \"backend\" on line 3", or "the built-in default".
    /// </summary>
    public string BackendSource =>
        Environment.GetEnvironmentVariable("LESSONS_BACKEND") is { Length: > 0 }
            ? "the environment variable LESSONS_BACKEND"
            : Source is null
                ? "the built-in default"
                : KeyLines.TryGetValue("backend", out var line)
                    ? $"{FileName} ({Source}), key \"backend\" on line {line}"
                    : $"{FileName} ({Source})";

    /// <summary>The backend name after the <c>LESSONS_BACKEND</c> environment variable is applied.</summary>
    public string EffectiveBackend =>
        Environment.GetEnvironmentVariable("LESSONS_BACKEND") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Backend;

    private static string? Find(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>Which OpenCL platform and device to use: each by index ("0") or by a substring of its name
/// ("NVIDIA").</summary>
public sealed record OpenClOptions
{
    /// <summary>Platform index or name substring; null picks by device type.</summary>
    public string? Platform { get; init; }

    /// <summary>Device index or name substring; null picks the first GPU, else accelerator, else CPU.</summary>
    public string? Device { get; init; }
}
