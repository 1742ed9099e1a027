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
    /// <c>lessons.json</c> in the working directory or a parent; the defaults when there is none.
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

        try
        {
            var config = JsonSerializer.Deserialize<LessonsConfig>(File.ReadAllText(path), JsonOptions)
                ?? new LessonsConfig();
            return config with { Source = Path.GetFullPath(path) };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(
                $"Configuration file '{path}' is not valid JSON: {e.Message} " +
                "Expected e.g. { \"backend\": \"cpu\" } or " +
                "{ \"backend\": \"opencl\", \"openCl\": { \"device\": \"0\" } }.",
                e);
        }
    }

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
