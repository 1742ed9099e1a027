using Lessons.Steps.Hints;

namespace Lessons.Steps;

/// <summary>
/// The hints of one step, in three levels, as Exercism's hints go from the idea to the API: 1 — the idea in words, no
/// code (what the step computes and why, with the book's section); 2 — a nudge toward the API (which operations and
/// shapes matter, never a whole expression); 3 — the code. <c>lessons hint</c> prints one level at a time; the
/// workbook's stubs and <c>lessons progress</c> show level 1 only.
/// </summary>
/// <param name="Lesson">The lesson's command-line name.</param>
/// <param name="Step">The step (the method of the lesson's steps interface).</param>
/// <param name="Idea">Level 1: the idea in words, with the book's section.</param>
/// <param name="Nudge">Level 2: which operations and shapes matter.</param>
/// <param name="Code">Level 3: the code.</param>
public sealed record StepHint(string Lesson, string Step, string Idea, string Nudge, string Code)
{
    /// <summary>The step's name, <c>lesson.step</c>.</summary>
    public string Id => $"{Lesson}.{Step}";

    /// <summary>The hint of level <paramref name="level"/> (1, 2 or 3).</summary>
    public string Level(int level) => level switch
    {
        1 => Idea,
        2 => Nudge,
        3 => Code,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "a hint level is 1, 2 or 3"),
    };
}

/// <summary>Every step's hints, lesson by lesson.</summary>
public static class StepHints
{
    /// <summary>The number of levels: the idea, a nudge, the code.</summary>
    public const int Levels = 3;

    /// <summary>What each level gives, as <c>lessons hint</c> names it.</summary>
    public static IReadOnlyList<string> LevelNames { get; } = ["the idea", "a nudge toward the API", "the code"];

    /// <summary>All hints, in the order of the learning path.</summary>
    public static IReadOnlyList<StepHint> All { get; } =
    [
        .. LinearRegressionHints.All,
        .. LinearRegressionScratchHints.All,
        .. LinearRegressionConciseHints.All,
        .. SoftmaxRegressionHints.All,
        .. SoftmaxRegressionScratchHints.All,
        .. SoftmaxRegressionConciseHints.All,
        .. MlpHints.All,
        .. LeNetHints.All,
    ];

    /// <summary>The hints of the step <paramref name="id"/> (<c>lesson.step</c>), or null.</summary>
    public static StepHint? Find(string id) => All.FirstOrDefault(h => h.Id == id);

    /// <summary>What a step not started says: its level-1 hint.</summary>
    public static string NotStarted(string lesson, string step) =>
        Find($"{lesson}.{step}") is { } hint ? $"hint: {hint.Idea}" : $"hint: see the book's section for {step}";
}
