using System.Text.Json;

namespace Lessons.Tests.Reference;

/// <summary>
/// Where the reference cases come from: every *.json in the test project's Reference folder (copied to the output
/// directory), or, when the environment variable LESSONS_REFERENCE_DIR is set, every *.json in that folder instead —
/// so anyone can add cases without code.
/// </summary>
public static class ReferenceFolder
{
    /// <summary>The environment variable that replaces the built-in folder.</summary>
    public const string EnvironmentVariable = "LESSONS_REFERENCE_DIR";

    /// <summary>The folder the cases are read from now.</summary>
    public static string Directory =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } custom
            ? custom
            : Path.Combine(AppContext.BaseDirectory, "Reference");

    /// <summary>NUnit test cases, one per reference case, named "file/case".</summary>
    public static IEnumerable<TestCaseData> TestCases() =>
        Load(Directory).Select(c => new TestCaseData(c).SetName($"{{m}}({c})"));

    /// <summary>
    /// The cases that have a float32 twin: every case but the float64-only ones (BCE inputs such as 1 − 1e-15 that
    /// float32 rounds onto 0 or 1, which moves them onto BCE's log clamp and changes the loss itself; their float32
    /// twins are the *_f32safe_* cases). They are left out rather than generated and skipped, so a run skips
    /// nothing; <see cref="ReferenceCaseRunner.Float32Obstacle"/> says why for each.
    /// </summary>
    public static IEnumerable<TestCaseData> Float32TestCases() =>
        Load(Directory).Where(c => ReferenceCaseRunner.Float32Obstacle(c) is null)
            .Select(c => new TestCaseData(c).SetName($"{{m}}({c})"));

    /// <summary>
    /// Every case of every *.json in <paramref name="directory"/>, files in name order. A missing or empty folder,
    /// or a file that cannot be read, gives a case carrying the problem, which then fails.
    /// </summary>
    public static IEnumerable<ReferenceCase> Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return [new ReferenceCase(directory, "(folder)", null, $"reference folder '{directory}' does not exist")];
        }

        var files = System.IO.Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            return [new ReferenceCase(directory, "(folder)", null, $"reference folder '{directory}' holds no *.json")];
        }

        return files.SelectMany(LoadFile).ToList();
    }

    private static IEnumerable<ReferenceCase> LoadFile(string path)
    {
        var file = Path.GetFileName(path);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return [new ReferenceCase(file, "(file)", null, $"{file} is not valid JSON: {e.Message}")];
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("cases", out var cases) ||
            cases.ValueKind != JsonValueKind.Array)
        {
            return [new ReferenceCase(file, "(file)", null, $"{file} has no \"cases\" list")];
        }

        if (cases.GetArrayLength() == 0)
        {
            return [new ReferenceCase(file, "(file)", null, $"{file} has an empty \"cases\" list")];
        }

        return cases.EnumerateArray().Select((c, i) =>
            c.ValueKind == JsonValueKind.Object && c.TryGetProperty("name", out var name) &&
            name.ValueKind == JsonValueKind.String
                ? new ReferenceCase(file, name.GetString()!, c)
                : new ReferenceCase(file, $"#{i}", null, $"{file}: case {i} has no \"name\""));
    }
}
