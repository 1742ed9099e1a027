using Lessons.Chapter3;

namespace Lessons.Framework;

/// <summary>Every lesson, in the order of the learning path.</summary>
public static class LessonCatalog
{
    /// <summary>The lessons in reading order.</summary>
    public static IReadOnlyList<ILesson> All { get; } =
    [
        new LinearRegression(),
        new LinearRegressionScratch(),
        new LinearRegressionConcise(),
        new SoftmaxRegression(),
        new ImageClassificationDataset(),
        new SoftmaxRegressionScratch(),
        new SoftmaxRegressionConcise(),
        new LossFunctions(),
        new Mlp(),
        new Chapter6.LeNet(),
    ];

    /// <summary>The lesson with this command-line name (in any case), or null.</summary>
    public static ILesson? Find(string name) =>
        All.FirstOrDefault(l => l.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));
}
