using System.Text.Json;

namespace Lessons.Tests.Reference;

/// <summary>
/// One case of a reference file: its file, its name and its JSON, or the problem that kept it from being read
/// (so a broken file becomes a failing test case, never a silently missing one).
/// </summary>
/// <param name="File">The file name without its folder, e.g. "losses.json".</param>
/// <param name="Name">The case's "name", or a placeholder when the problem is the file itself.</param>
/// <param name="Json">The case object, or null when <paramref name="Problem"/> is set.</param>
/// <param name="Problem">Why the case cannot run, or null.</param>
public sealed record ReferenceCase(string File, string Name, JsonElement? Json, string? Problem = null)
{
    /// <summary>"file/case", the test case's display name (the file without ".json").</summary>
    public override string ToString() => $"{Path.GetFileNameWithoutExtension(File)}/{Name}";

    /// <summary>The case's "kind" ("loss", "function" or "optimizer").</summary>
    public string Kind => Json?.TryGetProperty("kind", out var kind) == true ? kind.GetString() ?? "" : "";

    /// <summary>A property of the case; a missing one is an error naming the case and file.</summary>
    public JsonElement Get(string property) =>
        Json is { } json && json.TryGetProperty(property, out var value)
            ? value
            : throw Fail($"has no \"{property}\"");

    /// <summary>An optional property: null when absent or JSON null.</summary>
    public JsonElement? Find(string property) =>
        Json is { } json && json.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    /// <summary>An error about this case whose message names the case and its file.</summary>
    public ReferenceCaseException Fail(string what) => new($"{File}: case '{Name}' {what}.");
}
