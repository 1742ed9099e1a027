namespace Lessons.Data;

/// <summary>
/// Finds, checks and reads CIFAR-10's binary batch files: the places of a <see cref="DataSearch"/> in order (in
/// each, the folder itself or its <c>cifar-10-batches-bin</c> subfolder), then a download of the archive into the
/// user cache when allowed. As for the IDX datasets, a place the user named that lacks the files or holds bad ones
/// is an error about that place; other places are passed over with a note; when nothing works the error lists
/// every place looked and how to get the files.
/// </summary>
public static class Cifar10Loader
{
    /// <summary>
    /// No checksum is published for the extracted batch files, only for the archive; a file read from a folder is
    /// checked by its exact length and its labels.
    /// </summary>
    private const string FolderCheck = "length and labels checked (a checksum is published only for the archive)";

    /// <summary>Loads <paramref name="spec"/> from the first place in <paramref name="search"/> that holds it.
    /// </summary>
    /// <exception cref="DatasetException">Not found anywhere, or a file is missing, truncated or the wrong size.
    /// </exception>
    public static Cifar10Data Load(Cifar10Spec spec, DataSearch search)
    {
        var skipped = new List<string>();
        foreach (var source in search.Sources(spec))
        {
            if (!Directory.Exists(source.Folder))
            {
                if (source.UserNamed)
                {
                    throw new DatasetException(
                        $"{spec.Name}: {source}: the folder does not exist. Expected a folder holding " +
                        $"{FileList(spec)} (or its {spec.ArchiveFolder} subfolder holding them).",
                        source.Folder);
                }

                skipped.Add($"{source}: the folder does not exist");
                continue;
            }

            var (folder, missing) = Cifar10Reader.Find(spec, source.Folder);
            if (missing.Count > 0)
            {
                // The archive itself, downloaded by hand, is the likeliest thing to find instead.
                var archive = Path.Combine(source.Folder, spec.ArchiveName);
                var unpack = File.Exists(archive)
                    ? $" It holds {spec.ArchiveName}: extract it there with 'tar xzf {archive} -C {source.Folder}'."
                    : "";
                if (source.UserNamed)
                {
                    throw new DatasetException(
                        $"{spec.Name}: {source} lacks {string.Join(", ", missing)}. Expected {FileList(spec)} " +
                        $"there or in its {spec.ArchiveFolder} subfolder (the folder {spec.ArchiveName} " +
                        $"extracts to).{unpack}",
                        source.Folder);
                }

                skipped.Add($"{source}: missing {string.Join(", ", missing)}{(unpack.Length > 0 ? "." + unpack : "")}");
                continue;
            }

            var problems = new List<DatasetException>();
            if (Cifar10Reader.Read(spec, folder, problems) is { } read)
            {
                var location = new DataLocation(
                    spec.Name, source with { Folder = folder }, read.Paths, [.. read.Paths.Select(_ => FolderCheck)],
                    [], skipped);
                return new Cifar10Data(spec, read.Train, read.Test, location);
            }

            if (source.UserNamed)
            {
                throw Unusable(spec, source, problems);
            }

            skipped.Add($"{source}: {string.Join(" ", problems.Select(p => p.Message))}");
        }

        if (!search.Download || search.CacheFolder is null)
        {
            throw NotFound(spec, search, skipped);
        }

        return Download(spec, search, search.CacheFolder, skipped);
    }

    /// <summary>
    /// Where <see cref="Load"/> would read from, in one line, without reading or checking anything (for
    /// <c>lessons info</c>).
    /// </summary>
    public static string Where(Cifar10Spec spec, DataSearch search)
    {
        foreach (var source in search.Sources(spec))
        {
            if (Directory.Exists(source.Folder) && Cifar10Reader.Find(spec, source.Folder) is { Missing.Count: 0 } f)
            {
                return $"{spec.Name}: {source with { Folder = f.Folder }}";
            }

            if (source.UserNamed)
            {
                return $"{spec.Name}: {source} does not hold the {spec.Files.Count} batch files; loading will fail " +
                    "there";
            }
        }

        return search.Download && search.CacheFolder is not null
            ? $"{spec.Name}: not found; the first load downloads it ({spec.ArchiveLength / 1_000_000} MB) into " +
              search.CacheFolder
            : $"{spec.Name}: not found, and downloading is off ({search.OfflineReason ?? "no cache folder"})";
    }

    private static Cifar10Data Download(Cifar10Spec spec, DataSearch search, string cache, List<string> skipped)
    {
        IReadOnlyList<string> downloaded;
        using (var archive = new Cifar10Archive(spec, search.HttpHandler))
        {
            try
            {
                downloaded = archive.DownloadAndExtract(cache);
            }
            catch (DatasetException e)
            {
                throw NotFound(spec, search, skipped, e.Message);
            }
        }

        var source = new DataSource(DataSourceKind.Download, cache, "user cache, downloaded");
        var problems = new List<DatasetException>();
        var read = Cifar10Reader.Read(spec, cache, problems) ?? throw Unusable(spec, source, problems);
        var check = $"extracted from {spec.ArchiveName}, whose length and MD5 were verified";
        var location = new DataLocation(
            spec.Name, source, read.Paths, [.. read.Paths.Select(_ => check)], downloaded, skipped);
        return new Cifar10Data(spec, read.Train, read.Test, location);
    }

    private static DatasetException Unusable(Cifar10Spec spec, DataSource source, List<DatasetException> problems)
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
        Cifar10Spec spec, DataSearch search, List<string> skipped, string? downloadError = null)
    {
        var url = spec.ArchiveUrls[0];
        var fixes = new List<string>
        {
            $"download {url} ({spec.ArchiveLength} bytes, MD5 {spec.ArchiveMd5}: check it with md5sum), " +
            $"extract it with 'tar xzf {spec.ArchiveName} -C DIR' and set {spec.EnvironmentVariable} to DIR " +
            $"(the files land in DIR/{spec.ArchiveFolder}, which is searched too)",
        };
        if (search.CacheFolder is not null)
        {
            fixes.Add($"or put {FileList(spec)} in {search.CacheFolder}");
        }

        return SearchReport.NotFound(spec, search, skipped, downloadError, fixes);
    }

    private static string FileList(Cifar10Spec spec) => string.Join(", ", spec.Files);
}
