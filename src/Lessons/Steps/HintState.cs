using System.Text.Json;

namespace Lessons.Steps;

/// <summary>
/// Which hint levels a learner has seen, per step, kept beside the workbook in <c>.hints.json</c> (ignored by git, so
/// each learner's copy remembers its own): <c>lessons hint</c> without <c>--level</c> shows the next level.
/// </summary>
public sealed class HintState
{
    /// <summary>The state file's name, in the workbook folder.</summary>
    public const string FileName = ".hints.json";

    private readonly string path;
    private readonly Dictionary<string, int> shown;

    private HintState(string path, Dictionary<string, int> shown)
    {
        this.path = path;
        this.shown = shown;
    }

    /// <summary>The state of the workbook in <paramref name="folder"/>; empty when there is none or it is
    /// unreadable (it is only a convenience).</summary>
    public static HintState Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            var read = File.Exists(path)
                ? JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(path))
                : null;
            return new HintState(path, read ?? []);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return new HintState(path, []);
        }
    }

    /// <summary>The highest level shown for <paramref name="id"/> (0 when none).</summary>
    public int Shown(string id) => shown.GetValueOrDefault(id);

    /// <summary>The level to show next: one more than the highest shown, at most the last.</summary>
    public int Next(string id) => Math.Min(Shown(id) + 1, StepHints.Levels);

    /// <summary>Remembers that <paramref name="level"/> was shown for <paramref name="id"/>, and saves.</summary>
    public void Remember(string id, int level)
    {
        shown[id] = Math.Max(Shown(id), level);
        var temporary = path + ".tmp";
        var json = JsonSerializer.Serialize(shown, new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(temporary, json);
        File.Move(temporary, path, overwrite: true); // never a half-written file
    }
}
