namespace Lessons.Steps.Checks;

/// <summary>Every step check, in the order of the learning path.</summary>
public static class StepChecks
{
    /// <summary>All checks, lesson by lesson in reading order, each lesson's steps in the book's order.</summary>
    public static IReadOnlyList<StepCheck> All { get; } =
    [
        .. LinearRegressionChecks.All,
        .. LinearRegressionScratchChecks.All,
        .. LinearRegressionConciseChecks.All,
        .. SoftmaxRegressionChecks.All,
        .. SoftmaxRegressionScratchChecks.All,
        .. SoftmaxRegressionConciseChecks.All,
        .. MlpChecks.All,
        .. LeNetChecks.All,
    ];

    /// <summary>The check named <paramref name="id"/> (<c>lesson.step</c>).</summary>
    public static StepCheck Find(string id) => All.FirstOrDefault(c => c.Id == id)
        ?? throw new ArgumentException($"No step check named '{id}'.", nameof(id));
}
