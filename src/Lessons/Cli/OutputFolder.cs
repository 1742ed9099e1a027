namespace Lessons.Cli;

/// <summary>
/// Checks, before a run starts, that its figures can be written where they will go — so a bad <c>--out</c> is
/// refused in words that name it, instead of an IO error after the first epoch has trained. Nothing is created by
/// the check.
/// </summary>
public static class OutputFolder
{
    /// <summary>
    /// Throws <see cref="UserError"/> when <paramref name="folder"/> cannot hold files: it is a file, it lies under a
    /// file, or the nearest existing folder cannot be written (permissions, a read-only file system).
    /// <paramref name="origin"/> says where the folder came from ("--out", "the default output folder").
    /// </summary>
    public static void Check(string folder, string origin)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new UserError($"{origin} must name a folder, got an empty value.");
        }

        string full;
        try
        {
            full = Path.GetFullPath(folder);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UserError($"{origin} '{folder}' is not a usable path.");
        }

        if (File.Exists(full))
        {
            throw new UserError($"{origin} '{folder}' is a file; it must be a folder (an existing one, or one that " +
                "can be created).");
        }

        // The nearest part of the path that exists: the folder itself, or the parent it would be created in.
        var existing = full;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                throw new UserError($"{origin} '{folder}' lies under '{existing}', which is a file, so the folder " +
                    "cannot be created.");
            }

            existing = Path.GetDirectoryName(existing) ?? throw new UserError($"{origin} '{folder}' has no existing " +
                "parent folder.");
        }

        try
        {
            var probe = Path.Combine(existing, $".lessons-write-check-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1,
                       FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var where = existing == full ? "" : $" (it would be created in '{existing}')";
            var why = e is UnauthorizedAccessException
                ? "permission denied, or a read-only file system"
                : "the file system refused a test file";
            throw new UserError($"{origin} '{folder}' cannot be written{where}: {why}. Choose another folder with " +
                "--out.");
        }
    }
}
