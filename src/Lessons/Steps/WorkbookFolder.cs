namespace Lessons.Steps;

/// <summary>
/// Where the learner's workbook is: the folder <c>src/Lessons/Workbook</c> of the repository the command runs in.
/// <c>LESSONS_WORKBOOK</c> names another folder; otherwise the folder is looked for from the current directory
/// upward, then from the program's own folder upward, so <c>dotnet run --project src/Lessons</c>, <c>dotnet
/// src/Lessons/bin/Release/net10.0/lessons.dll</c> and the tests all find the same files.
/// </summary>
public static class WorkbookFolder
{
    /// <summary>The environment variable that names the workbook folder.</summary>
    public const string EnvironmentVariable = "LESSONS_WORKBOOK";

    /// <summary>The workbook folder relative to the repository's root.</summary>
    public static readonly string RelativePath = Path.Combine("src", "Lessons", "Workbook");

    /// <summary>The workbook folder; throws with what was searched when there is none.</summary>
    public static string Locate()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            var full = Path.GetFullPath(configured);
            return Directory.Exists(full) ? full : throw new DirectoryNotFoundException(
                $"{EnvironmentVariable} names the workbook folder '{configured}', which does not exist.");
        }

        var starts = new[] { Environment.CurrentDirectory, AppContext.BaseDirectory };
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException($"cannot find the workbook: there is no {RelativePath} in " +
            $"'{Environment.CurrentDirectory}' or any folder above it; run the command inside the repository, or " +
            $"set {EnvironmentVariable} to the workbook folder.");
    }

    /// <summary>A path as a message prints it: relative to the current directory when it lies below it.</summary>
    public static string Display(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
