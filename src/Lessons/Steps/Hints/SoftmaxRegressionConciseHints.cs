namespace Lessons.Steps.Hints;

/// <summary>The hints of concise softmax regression (d2l 0.17 §3.7 / current §4.5).</summary>
internal static class SoftmaxRegressionConciseHints
{
    private const string Lesson = "softmax-concise";

    /// <summary>The lesson's hints.</summary>
    public static IReadOnlyList<StepHint> All { get; } =
    [
        new(Lesson, "BeatTheBook",
            "the book stops after 10 epochs of batch 256 at lr 0.1 with the loss still falling; think about which " +
            "of the three knobs buys more learning without making each step noisier or wilder — §3.7's exercises",
            "run lessons run softmax-concise with --epochs, --batch-size and --lr and watch the test accuracy per " +
            "epoch; keep epochs × (60,000 / batch size) within 5,000 steps, and return the three as a tuple",
            "return (256, 20, 0.1);"),
    ];
}
