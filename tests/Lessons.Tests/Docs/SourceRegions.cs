using System.Text.RegularExpressions;

namespace Lessons.Tests.Docs;

/// <summary>
/// The regions of a source file that the docs quote: the lines between a comment line <c>// &lt;doc:name&gt;</c> and
/// <c>// &lt;/doc:name&gt;</c>, with their common indentation removed (what a page's snippet must equal).
/// </summary>
public static partial class SourceRegions
{
    /// <summary>Every C# file that may hold regions: src/ and tests/, build output left out.</summary>
    public static IReadOnlyList<string> SourcePaths =>
        [.. Repository.Files("src", "*.cs"), .. Repository.Files("tests", "*.cs")];

    /// <summary>
    /// The regions of the file at <paramref name="repositoryPath"/>, by name, and the problems found (a marker
    /// opened twice, closed without being opened, or never closed), each naming the file and line.
    /// </summary>
    public static (Dictionary<string, string> Regions, List<string> Problems) Read(string repositoryPath)
    {
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var open = new Dictionary<string, (int Line, List<string> Lines)>(StringComparer.Ordinal);
        var lines = File.ReadAllText(Repository.FullPath(repositoryPath)).ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var where = $"{repositoryPath}:{i + 1}";
            if (Marker().Match(lines[i]) is { Success: true } marker)
            {
                var name = marker.Groups["name"].Value;
                if (marker.Groups["close"].Success)
                {
                    if (!open.Remove(name, out var region))
                    {
                        problems.Add($"{where}: region '{name}' is closed but was never opened");
                    }
                    else if (!regions.TryAdd(name, Dedent(region.Lines)))
                    {
                        problems.Add($"{where}: region '{name}' is defined twice in the file");
                    }
                }
                else if (!open.TryAdd(name, (i + 1, [])))
                {
                    problems.Add($"{where}: region '{name}' is opened again before it is closed");
                }

                continue;
            }

            foreach (var region in open.Values)
            {
                region.Lines.Add(lines[i]);
            }
        }

        problems.AddRange(open.Select(o => $"{repositoryPath}:{o.Value.Line}: region '{o.Key}' is never closed"));
        return (regions, problems);
    }

    /// <summary>The lines without the indentation they all share, joined by '\n'; blank lines become empty.</summary>
    public static string Dedent(IReadOnlyList<string> lines)
    {
        var indent = lines.Where(l => l.Trim().Length > 0)
            .Select(l => l.Length - l.TrimStart(' ').Length)
            .DefaultIfEmpty(0)
            .Min();
        return string.Join('\n', lines.Select(l => l.Trim().Length == 0 ? "" : l[indent..]));
    }

    [GeneratedRegex(@"^\s*//\s*<(?<close>/)?doc:(?<name>[\w-]+)>\s*$")]
    private static partial Regex Marker();
}
