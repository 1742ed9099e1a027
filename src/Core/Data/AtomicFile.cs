namespace Lessons.Data;

/// <summary>
/// Writes a file so that no reader ever sees it half-written: the content goes to a temporary file in the
/// same folder (so the final move stays on one file system and is atomic), which replaces the target only
/// once it is complete; on failure the temporary file is deleted and the target is left as it was.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="write"/> with a temporary path, then moves that file to <paramref name="path"/>.
    /// </summary>
    public static void Write(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) =>
        Write(path, temp => File.WriteAllBytes(temp, bytes));

    /// <summary>Writes <paramref name="text"/> (UTF-8, no byte-order mark) to <paramref name="path"/>, atomically.
    /// </summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, temp => File.WriteAllText(temp, text));
}
