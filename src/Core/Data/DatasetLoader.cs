namespace Lessons.Data;

/// <summary>
/// Finds, verifies and reads a dataset of IDX files: the places of a <see cref="DataSearch"/> in order, then a
/// download into the user cache when allowed. A place the user named that lacks the files or holds bad ones
/// is an error about that place; other places are passed over with a note; when nothing works the error lists
/// every place looked and how to get the files.
/// </summary>
public static class DatasetLoader
{
    /// <summary>Loads <paramref name="spec"/> from the first place in <paramref name="search"/> that holds it.
    /// </summary>
    public static IdxDataset Load(DatasetSpec spec, DataSearch search)
    {
        var skipped = new List<string>();
        var cacheProblems = new List<DatasetException>();
        foreach (var source in search.Sources(spec))
        {
            if (!Directory.Exists(source.Folder))
            {
                if (source.UserNamed)
                {
                    throw new DatasetException(
                        $"{spec.Name}: {source}: the folder does not exist. Expected a folder holding " +
                        $"{FileList(spec)}.",
                        source.Folder);
                }

                skipped.Add($"{source}: the folder does not exist");
                continue;
            }

            var paths = spec.Files.Select(f => IdxFolderReader.Find(source.Folder, f)).ToArray();
            var missing = spec.Files.Where((_, i) => paths[i] is null).Select(f => f.GzipName).ToList();
            if (missing.Count > 0)
            {
                if (source.UserNamed)
                {
                    throw new DatasetException(
                        $"{spec.Name}: {source} lacks {string.Join(", ", missing)}. Expected {FileList(spec)} " +
                        "there (each .gz or uncompressed).",
                        source.Folder);
                }

                skipped.Add($"{source}: missing {string.Join(", ", missing)}");
                continue;
            }

            var problems = new List<DatasetException>();
            var read = IdxFolderReader.Read(spec, paths!, search.Verify, problems);
            if (read is { } sets)
            {
                return new IdxDataset(
                    spec, sets.Train, sets.Test, new DataLocation(spec.Name, source, paths!, sets.Checks, [], skipped));
            }

            if (source.UserNamed)
            {
                throw Unusable(spec, source, problems);
            }

            skipped.Add($"{source}: {string.Join(" ", problems.Select(p => p.Message))}");
            if (source.Kind == DataSourceKind.UserCache)
            {
                cacheProblems = problems;
            }
        }

        if (!search.Download || search.CacheFolder is null)
        {
            throw NotFound(spec, search, skipped);
        }

        return Download(spec, search, search.CacheFolder, cacheProblems, skipped);
    }

    /// <summary>
    /// Where <see cref="Load"/> would read from, in one line, without reading or verifying anything (for
    /// <c>lessons info</c>): the first place holding all four files, or what would happen instead.
    /// </summary>
    public static string Where(DatasetSpec spec, DataSearch search)
    {
        foreach (var source in search.Sources(spec))
        {
            if (Directory.Exists(source.Folder)
                && spec.Files.All(f => IdxFolderReader.Find(source.Folder, f) is not null))
            {
                return $"{spec.Name}: {source}";
            }

            if (source.UserNamed)
            {
                return $"{spec.Name}: {source} does not hold the four files; loading will fail there";
            }
        }

        return search.Download && search.CacheFolder is not null
            ? $"{spec.Name}: not found; the first load downloads it into {search.CacheFolder}"
            : $"{spec.Name}: not found, and downloading is off ({search.OfflineReason ?? "no cache folder"})";
    }

    private static IdxDataset Download(
        DatasetSpec spec, DataSearch search, string cache, List<DatasetException> cacheProblems, List<string> skipped)
    {
        // Fetch what the cache lacks, and what it holds bad copies of (all four if a problem names no file).
        var bad = cacheProblems.Select(p => p.Path).ToHashSet();
        var blameless = cacheProblems.Any(p => p.Path is null || !spec.Files.Any(f => IsFileOf(p.Path, f)));
        var fetch = spec.Files
            .Where(f => IdxFolderReader.Find(cache, f) is not { } path || blameless || bad.Contains(path))
            .ToList();
        var downloaded = new List<string>();
        using (var downloader = new DatasetDownloader(spec, search.HttpHandler))
        {
            foreach (var file in fetch)
            {
                try
                {
                    downloaded.Add(downloader.Download(file, cache));
                }
                catch (DatasetException e)
                {
                    throw NotFound(spec, search, skipped, e.Message);
                }
            }
        }

        var source = new DataSource(DataSourceKind.Download, cache, "user cache, downloaded");
        var paths = spec.Files.Select(f => IdxFolderReader.Find(cache, f)!).ToArray();
        var problems = new List<DatasetException>();
        var read = IdxFolderReader.Read(spec, paths, search.Verify, problems)
            ?? throw Unusable(spec, source, problems);
        return new IdxDataset(
            spec, read.Train, read.Test, new DataLocation(spec.Name, source, paths, read.Checks, downloaded, skipped));
    }

    private static bool IsFileOf(string path, DatasetFile file) =>
        Path.GetFileName(path) is var name && (name == file.Name || name == file.GzipName);

    private static DatasetException Unusable(DatasetSpec spec, DataSource source, List<DatasetException> problems)
    {
        if (problems.Count == 1)
        {
            return new DatasetException(
                $"{spec.Name} in {source} is not usable: {problems[0].Message}", problems[0].Path, problems[0]);
        }

        return new DatasetException(
            $"{spec.Name} in {source} is not usable:{Environment.NewLine}" +
            string.Join(Environment.NewLine, problems.Select(p => "  - " + p.Message)),
            source.Folder,
            new AggregateException(problems));
    }

    private static DatasetException NotFound(
        DatasetSpec spec, DataSearch search, List<string> skipped, string? downloadError = null)
    {
        var target = search.CacheFolder ?? $"a folder named by {spec.EnvironmentVariable}";
        var fixes = new List<string>();
        if (spec.InstallHint is not null)
        {
            fixes.Add($"install the package: {spec.InstallHint}");
        }

        var or = fixes.Count > 0 ? "or " : "";
        fixes.Add(
            $"{or}download {FileList(spec)} from {string.Join(" or ", spec.Mirrors)} into {target}" +
            $" (or any folder, then set {spec.EnvironmentVariable} to it)");
        return SearchReport.NotFound(spec, search, skipped, downloadError, fixes);
    }

    private static string FileList(DatasetSpec spec) => string.Join(", ", spec.Files.Select(f => f.GzipName));
}
