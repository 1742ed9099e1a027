using System.Security.Cryptography;

namespace Lessons.Cli;

/// <summary>
/// The watch mode of <c>check</c> and <c>progress</c>: runs once, then again each time a <c>.cs</c> file of the
/// workbook is saved (a change of its content, however the editor saves: in place, or by writing a new file and
/// renaming it), until Ctrl-C. The workbook is recompiled in-process (<see cref="Steps.WorkbookCompiler"/>), so a
/// re-check costs the compile of a few small files and the checks themselves, not a build.
/// </summary>
internal static class WatchLoop
{
    /// <summary>How long the folder must stay quiet after an event before the re-check (an editor's save is often a
    /// burst of events).</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(40);

    /// <summary>Runs <paramref name="check"/> now and after every saved change in <paramref name="folder"/>, until
    /// <paramref name="cancel"/> (Ctrl-C).</summary>
    public static void Run(string folder, Action check, TextWriter output, CancellationToken cancel)
    {
        using var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(folder, "*.cs")
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
            IncludeSubdirectories = false,
        };
        void OnChange(object sender, FileSystemEventArgs e) => changed.Release();
        watcher.Changed += OnChange;
        watcher.Created += OnChange;
        watcher.Renamed += (sender, e) => changed.Release();
        watcher.EnableRaisingEvents = true;

        var state = Snapshot(folder);
        check();
        output.WriteLine($"watching {Steps.WorkbookFolder.Display(folder)} — save a file to re-check; Ctrl-C stops.");
        output.Flush();
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                changed.Wait(cancel);
                while (changed.Wait(Settle, cancel))
                {
                    // Drain the burst of one save.
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var now = Snapshot(folder);
            var saved = now.Where(f => !state.TryGetValue(f.Key, out var hash) || hash != f.Value)
                .Select(f => Path.GetFileName(f.Key)).ToList();
            if (saved.Count == 0)
            {
                continue; // touched, not changed
            }

            state = now;
            output.WriteLine();
            output.WriteLine($"── {DateTime.Now:HH:mm:ss} saved {string.Join(", ", saved)}");
            try
            {
                check();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                output.WriteLine($"error: {e.Message}");
            }

            output.Flush();
        }
    }

    /// <summary>The content hash of every workbook file, to tell a real edit from a touch.</summary>
    private static Dictionary<string, string> Snapshot(string folder)
    {
        var files = new Dictionary<string, string>();
        foreach (var path in Directory.GetFiles(folder, "*.cs"))
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read,
                    FileShare.ReadWrite | FileShare.Delete);
                files[path] = Convert.ToHexString(SHA256.HashData(stream));
            }
            catch (IOException)
            {
                files[path] = ""; // being written: the next event reads it
            }
        }

        return files;
    }
}
