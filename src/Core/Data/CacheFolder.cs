namespace Lessons.Data;

/// <summary>
/// The per-user cache folder datasets are downloaded into: <c>$XDG_CACHE_HOME/lessons/NAME</c> or
/// <c>~/.cache/lessons/NAME</c> on Linux (the XDG base-directory rule), <c>~/Library/Caches/lessons/NAME</c>
/// on macOS, <c>%LOCALAPPDATA%\lessons\cache\NAME</c> on Windows.
/// </summary>
public static class CacheFolder
{
    /// <summary>The cache folder for <paramref name="name"/>, or null when the user has no home folder.</summary>
    /// <param name="name">The dataset's folder name, e.g. <c>fashion-mnist</c>.</param>
    /// <param name="environment">Reads environment variables; <see cref="Environment.GetEnvironmentVariable(string)"/>
    /// when null (tests pass their own).</param>
    public static string? For(string name, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (OperatingSystem.IsWindows())
        {
            var local = environment("LOCALAPPDATA") is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return local.Length == 0 ? null : Path.Combine(local, "lessons", "cache", name);
        }

        // XDG says a relative XDG_CACHE_HOME is invalid and must be ignored.
        if (!OperatingSystem.IsMacOS()
            && environment("XDG_CACHE_HOME") is { Length: > 0 } xdg
            && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "lessons", name);
        }

        var home = environment("HOME") is { Length: > 0 } h
            ? h
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (home.Length == 0)
        {
            return null;
        }

        return OperatingSystem.IsMacOS()
            ? Path.Combine(home, "Library", "Caches", "lessons", name)
            : Path.Combine(home, ".cache", "lessons", name);
    }
}
