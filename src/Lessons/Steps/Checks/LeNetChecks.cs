using Lessons.Random;

namespace Lessons.Steps.Checks;

/// <summary>The checks of the convolution lesson (d2l 0.17 §6.2–6.3 / current §7.2–7.3).</summary>
internal static class LeNetChecks
{
    private const string Lesson = "lenet";

    /// <summary>The lesson's checks, in the book's order.</summary>
    public static IReadOnlyList<StepCheck> All { get; } =
    [
        Check(nameof(ILeNetSteps.Corr2d),
            "the cross-correlation of d2l §6.2.1, not a convolution with a flipped kernel", Corr2d),
        Check(nameof(ILeNetSteps.LearnKernel), "gradient descent finds the edge kernel [1, −1] of §6.2.4",
            LearnKernel),
        Check(nameof(ILeNetSteps.OutputShape), "⌊(n − k + 2p + s)/s⌋ with padding on both sides, as §6.3",
            OutputShape),
    ];

    private static StepCheck Check(string step, string description, Action<ILeNetSteps> check) =>
        new StepCheck<ILeNetSteps>(Lesson, step, description, check);

    private static void Corr2d(ILeNetSteps steps)
    {
        using var scope = Tensor.Scope();
        var X = Tensor.FromArray(new float[,] { { 0, 1, 2 }, { 3, 4, 5 }, { 6, 7, 8 } });
        var K = Tensor.FromArray(new float[,] { { 0, 1 }, { 2, 3 } });
        var Y = steps.Corr2d(X, K);
        Expect.Shape(Y, "Corr2d(X (3x3), K (2x2))", 2, 2);
        // A flipped kernel (true convolution) gives [[5, 11], [23, 29]]: name that mistake before the numbers.
        Expect.That(!Expect.IsClose(Y.ToDoubles()[0], 5, 1e-5, 0),
            "Corr2d flips the kernel: that is the convolution of signal processing; d2l's corr2d (and Conv2d) " +
            "slides K as it is — Y[0, 0] = 0·0 + 1·1 + 3·2 + 4·3 = 19");
        Expect.AllClose(Y, [19, 25, 37, 43], "corr2d(arange(9).reshape(3, 3), [[0, 1], [2, 3]]) (d2l §6.2.1)");

        var edges = steps.Corr2d(Tensor.Ones([2, 5]), Tensor.FromArray(new float[,] { { 1, -1, 2 } }));
        Expect.Shape(edges, "Corr2d(X (2x5), K (1x3)): a rectangular kernel", 2, 3);
        Expect.AllClose(edges, [2, 2, 2, 2, 2, 2], "Corr2d(ones(2, 5), [[1, −1, 2]])");
    }

    private static void LearnKernel(ILeNetSteps steps)
    {
        using var scope = Tensor.Scope();
        var image = new float[6 * 8];
        for (var k = 0; k < image.Length; k++)
        {
            image[k] = k % 8 is >= 2 and < 6 ? 0 : 1;
        }

        var X = Tensor.FromArray(image, [1, 1, 6, 8]);
        var Y = X.Conv2d(Tensor.FromArray(new float[] { 1, -1 }, [1, 1, 1, 2]));
        var kernel = steps.LearnKernel(X, Y, new Generator(0), 20, 3e-2);
        Expect.Shape(kernel, "LearnKernel: the learned weight", 1, 1, 1, 2);
        Expect.AllClose(kernel, [1, -1], "the kernel learned in 20 steps of lr 0.03 (the edge detector [1, −1])",
            0.05, 0);
    }

    private static void OutputShape(ILeNetSteps steps)
    {
        foreach (var (n, k, p, s, expected) in new[] { (8, 3, 1, 1, 8), (8, 5, 2, 1, 8), (8, 3, 1, 2, 4),
            (8, 3, 0, 3, 2), (28, 5, 2, 1, 28), (14, 5, 0, 1, 10), (7, 5, 2, 3, 3) })
        {
            var shape = steps.OutputShape(n, n + 1, k, k, p, s);
            var wide = ((n + 1 - k + (2 * p) + s) / s);
            Expect.Equal(shape, (expected, wide),
                $"OutputShape({n}, {n + 1}, {k}, {k}, padding {p}, stride {s}) — padding counts on both sides");
        }
    }
}
