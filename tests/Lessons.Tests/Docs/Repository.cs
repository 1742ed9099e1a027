namespace Lessons.Tests.Docs;

/// <summary>
/// The checkout the tests were built from: found by walking up from the test assembly's folder to the folder that
/// holds Lessons.sln, so the docs tests read the pages and sources of this very tree.
/// </summary>
public static class Repository
{
    private static readonly Lazy<string> RootFolder = new(FindRoot);

    /// <summary>The folder holding Lessons.sln.</summary>
    public static string Root => RootFolder.Value;

    /// <summary>The pages the docs tests read: README.md and every *.md under docs/, as repository paths.</summary>
    public static IReadOnlyList<string> PagePaths =>
    [
        "README.md",
        .. Files("docs", "*.md"),
    ];

    /// <summary>Every page, parsed.</summary>
    public static IReadOnlyList<MarkdownPage> Pages => PagePaths.Select(MarkdownPage.Load).ToList();

    /// <summary>The full path of a repository path written with '/'.</summary>
    public static string FullPath(string repositoryPath) =>
        Path.Combine(Root, repositoryPath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>A full path as a repository path with '/' (the form the docs and failure messages use).</summary>
    public static string RepositoryPath(string fullPath) =>
        Path.GetRelativePath(Root, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>
    /// Files matching <paramref name="pattern"/> under a repository folder, as repository paths in ordinal order;
    /// build output (bin/, obj/) is left out.
    /// </summary>
    public static IReadOnlyList<string> Files(string folder, string pattern)
    {
        var full = FullPath(folder);
        if (!Directory.Exists(full))
        {
            return [];
        }

        return Directory.EnumerateFiles(full, pattern, SearchOption.AllDirectories)
            .Select(RepositoryPath)
            .Where(p => !p.Split('/').Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lessons.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No folder holding Lessons.sln above the test assembly folder '{AppContext.BaseDirectory}'; the docs " +
            "tests must run from a build inside the repository.");
    }
}
