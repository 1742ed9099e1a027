namespace Lessons.Data;

/// <summary>Where a dataset was found and how it was checked, for <c>lessons info</c> and the lessons.</summary>
/// <param name="DatasetName">The dataset, e.g. "Fashion-MNIST".</param>
/// <param name="Source">The place the files were read from.</param>
/// <param name="Files">The four files read, train images first.</param>
/// <param name="Checks">What verified each file, in the order of <paramref name="Files"/>.</param>
/// <param name="Downloaded">The files fetched from a mirror during this load (empty when none was).</param>
/// <param name="Skipped">Places searched before this one and why they were passed over.</param>
public sealed record DataLocation(
    string DatasetName,
    DataSource Source,
    IReadOnlyList<string> Files,
    IReadOnlyList<string> Checks,
    IReadOnlyList<string> Downloaded,
    IReadOnlyList<string> Skipped)
{
    /// <summary>One line: which dataset, from which folder and source, how verified.</summary>
    public override string ToString()
    {
        var verified = Checks.Distinct().ToList();
        var downloaded = Downloaded.Count > 0 ? $", downloaded {Downloaded.Count} file(s)" : "";
        return $"{DatasetName} from {Source}{downloaded}; {string.Join("; ", verified)}";
    }

    /// <summary>Several lines: the summary, each file with its check, and the places passed over.</summary>
    public string Describe()
    {
        var lines = new List<string> { ToString() };
        for (var i = 0; i < Files.Count; i++)
        {
            lines.Add($"  {Files[i]}: {Checks[i]}");
        }

        lines.AddRange(Skipped.Select(s => $"  passed over {s}"));
        return string.Join(Environment.NewLine, lines);
    }
}
