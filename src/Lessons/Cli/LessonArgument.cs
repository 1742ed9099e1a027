using System.CommandLine;
using Lessons.Configuration;
using Lessons.Framework;

namespace Lessons.Cli;

/// <summary>The <c>&lt;lesson&gt;</c> of <c>lessons run</c>: a name from <c>lessons list</c> in any case, or
/// "all"; a misspelt name is refused with the nearest one.</summary>
public static class LessonArgument
{
    /// <summary>The argument, checked while parsing.</summary>
    public static Argument<string> Create()
    {
        var lesson = new Argument<string>("lesson")
        {
            Description = "A lesson from 'lessons list' (any case), or 'all' for every lesson in order.",
        };
        lesson.Validators.Add(result =>
        {
            var name = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (Select(name) is null)
            {
                result.AddError(Unknown(name));
            }
        });
        return lesson;
    }

    /// <summary>The lessons <paramref name="name"/> selects: one, all of them for "all", or null.</summary>
    public static IReadOnlyList<ILesson>? Select(string name) =>
        name.Equals("all", StringComparison.OrdinalIgnoreCase) ? LessonCatalog.All
        : LessonCatalog.Find(name) is { } lesson ? [lesson]
        : null;

    /// <summary>The message for a name that is no lesson.</summary>
    public static string Unknown(string name)
    {
        var names = LessonCatalog.All.Select(l => l.Name).ToList();
        var nearest = NearestName.Find(name, [.. names, "all"]);
        return $"Unknown lesson '{name}'." + (nearest is null ? "" : $" Did you mean '{nearest}'?") +
            $" The lessons: {string.Join(", ", names)}, or 'all' (see 'lessons list').";
    }
}
