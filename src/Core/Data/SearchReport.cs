namespace Lessons.Data;

/// <summary>
/// The "was not found" message every dataset loader gives: each place looked, in search order, with why it was
/// passed over, then the ways to get the files. One wording for Fashion-MNIST, MNIST and CIFAR-10.
/// </summary>
internal static class SearchReport
{
    /// <summary>
    /// The error for <paramref name="spec"/> not found by <paramref name="search"/>: <paramref name="skipped"/> are
    /// the places passed over, <paramref name="downloadError"/> why a download failed (null if none was tried).
    /// </summary>
    public static DatasetException NotFound(
        ImageDatasetSpec spec, DataSearch search, IEnumerable<string> skipped, string? downloadError,
        IEnumerable<string> fixes)
    {
        var nl = Environment.NewLine;
        // In search order: the places a user may name (here unset, or the search would have stopped there),
        // then the ones passed over, then the download.
        var looked = new List<string>();
        if (search.Path is null)
        {
            looked.Add("the path given: none");
        }

        if (search.EnvironmentFolder is null)
        {
            looked.Add($"{spec.EnvironmentVariable}: not set");
        }

        if ((spec.UsesConfigDataDir || spec.DataDirSubfolder is not null) && search.ConfigFolder is null)
        {
            var what = spec.UsesConfigDataDir ? "dataDir" : $"dataDir (its {spec.DataDirSubfolder} subfolder)";
            looked.Add($"{what} in {search.ConfigSource ?? "lessons.json"}: not set");
        }

        looked.AddRange(skipped);

        looked.Add(
            downloadError is not null ? $"download: failed: {downloadError}"
            : search.CacheFolder is null ? "download: there is no user cache folder to download into"
            : $"download: disabled ({search.OfflineReason ?? "offline"})");

        var howTo = fixes.ToList();
        if (downloadError is null && search.CacheFolder is not null)
        {
            howTo.Add("or run without --offline (and without \"offline\": true in lessons.json) to download them");
        }

        return new DatasetException(
            $"{spec.Name} was not found. Looked in:{nl}" +
            string.Join(nl, looked.Select(l => "  - " + l)) + $"{nl}To get the files:{nl}" +
            string.Join(nl, howTo.Select(f => "  - " + f)));
    }
}
