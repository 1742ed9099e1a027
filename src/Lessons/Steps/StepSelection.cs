using Lessons.Framework;
using Lessons.Steps.Checks;

namespace Lessons.Steps;

/// <summary>
/// Which step checks a command means: <c>softmax-scratch</c> (a lesson's steps), <c>softmax-scratch.Accuracy</c> (one
/// step), or nothing (every step). A name that matches nothing is refused with the names that exist.
/// </summary>
public static class StepSelection
{
    /// <summary>The lessons that have workbook steps, in the order of the learning path.</summary>
    public static IReadOnlyList<string> Lessons => [.. StepChecks.All.Select(c => c.Lesson).Distinct()];

    /// <summary>The checks <paramref name="selector"/> names (all of them when it is null or empty).</summary>
    public static IReadOnlyList<StepCheck> Parse(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return StepChecks.All;
        }

        var dot = selector.IndexOf('.', StringComparison.Ordinal);
        var lesson = dot < 0 ? selector : selector[..dot];
        var step = dot < 0 ? null : selector[(dot + 1)..];
        var checks = StepChecks.All.Where(c => c.Lesson == lesson).ToList();
        if (checks.Count == 0)
        {
            var why = LessonCatalog.Find(lesson) is null ? "is not a lesson" : "has no workbook steps";
            throw new ArgumentException($"'{lesson}' {why}; the lessons with workbook steps are " +
                $"{string.Join(", ", Lessons)}.");
        }

        if (step is null)
        {
            return checks;
        }

        var match = checks.Where(c => string.Equals(c.Step, step, StringComparison.OrdinalIgnoreCase)).ToList();
        return match.Count > 0 ? match : throw new ArgumentException($"{lesson} has no step '{step}'; its steps " +
            $"are {string.Join(", ", checks.Select(c => c.Step))}.");
    }
}
