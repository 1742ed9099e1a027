using Lessons.Data;

namespace Lessons.Steps.Checks;

/// <summary>The checks of softmax regression from scratch (d2l 0.17 §3.6 / current §4.4).</summary>
internal static class SoftmaxRegressionScratchChecks
{
    private const string Lesson = "softmax-scratch";

    /// <summary>The lesson's checks, in the book's order.</summary>
    public static IReadOnlyList<StepCheck> All { get; } =
    [
        Check(nameof(ISoftmaxRegressionScratchSteps.Softmax), "rows of positive numbers that sum to 1", Softmax),
        Check(nameof(ISoftmaxRegressionScratchSteps.CrossEntropy),
            "−log of the true label's probability, one per example", CrossEntropy),
        Check(nameof(ISoftmaxRegressionScratchSteps.Accuracy), "the number of correct predictions", Accuracy),
        Check(nameof(ISoftmaxRegressionScratchSteps.EvaluateAccuracy),
            "correct predictions over all examples, not the mean of the batches' accuracies", EvaluateAccuracy),
        Check(nameof(ISoftmaxRegressionScratchSteps.StableSoftmax),
            "exercise: the book's softmax overflows at exp(100) in float32; the stable one does not", StableSoftmax),
        Check(nameof(ISoftmaxRegressionScratchSteps.CrossEntropyFromLogits),
            "exercise: the cross-entropy from logits stays finite where softmax rounds to 0", CrossEntropyFromLogits),
    ];

    private static StepCheck Check(string step, string description, Action<ISoftmaxRegressionScratchSteps> check) =>
        new StepCheck<ISoftmaxRegressionScratchSteps>(Lesson, step, description, check);

    /// <summary>The stable softmax of each row of a (rows, cols) matrix, in double precision.</summary>
    private static double[] SoftmaxRows(double[] values, int cols) =>
        [.. Enumerable.Range(0, values.Length / cols)
            .SelectMany(r => CheckData.Softmax(CheckData.Row(values, r, cols)))];

    private static void Softmax(ISoftmaxRegressionScratchSteps steps)
    {
        double[] values = [1, 2, 3, 0.5f, -1, 0];
        using var X = Tensor.FromArray(Array.ConvertAll(values, v => (float)v), [2, 3]);
        var p = steps.Softmax(X);
        Expect.Shape(p, "Softmax(X (2x3))", 2, 3);
        Expect.AllClose(p, SoftmaxRows(values, 3), "Softmax([[1, 2, 3], [0.5, −1, 0]])");
    }

    private static void CrossEntropy(ISoftmaxRegressionScratchSteps steps)
    {
        // The book's example: y_hat = [[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]], y = [0, 2].
        using var yHat = Tensor.FromArray(new float[,] { { 0.1f, 0.3f, 0.6f }, { 0.3f, 0.2f, 0.5f } });
        using var y = Tensor.FromArray(new[] { 0, 2 });
        var l = steps.CrossEntropy(yHat, y);
        Expect.Shape(l, "CrossEntropy(ŷ (2x3), y (2)): one loss per example", 2);
        Expect.AllClose(l, [-Math.Log(0.1), -Math.Log(0.5)], "CrossEntropy(the book's ŷ, y = [0, 2])");
    }

    private static void Accuracy(ISoftmaxRegressionScratchSteps steps)
    {
        using var yHat = Tensor.FromArray(new float[,] { { 0.1f, 0.3f, 0.6f }, { 0.3f, 0.2f, 0.5f } });
        foreach (var (labels, correct) in new[] { (new[] { 0, 2 }, 1.0), (new[] { 2, 2 }, 2.0), (new[] { 1, 0 }, 0.0) })
        {
            using var y = Tensor.FromArray(labels);
            Expect.Close(steps.Accuracy(yHat, y).Item(), correct,
                $"Accuracy(the book's ŷ, y = {Expect.FormatList(labels)}): the number of correct predictions", 0, 0);
        }
    }

    private static void EvaluateAccuracy(ISoftmaxRegressionScratchSteps steps)
    {
        // 10 examples in batches of 4, 4 and 2, right 4, 3 and 0 times: 7 of 10, although the batches' accuracies
        // average (1 + 0.75 + 0) / 3 = 0.583.
        int[] labels = [0, 1, 2, 0, 1, 2, 0, 1, 2, 0];
        int[] predicted = [0, 1, 2, 0, 1, 2, 0, 2, 0, 1];
        var logits = predicted.SelectMany(c => Enumerable.Range(0, 3).Select(k => k == c ? 1f : 0f)).ToArray();
        using var X = Tensor.FromArray(logits, [10, 3]);
        using var y = Tensor.FromArray(labels);
        var loader = new DataLoader(new TensorDataset(X, y), 4);
        var accuracy = steps.EvaluateAccuracy(logitsOf => logitsOf.Clone(), loader);
        Expect.Close(accuracy, 0.7, "EvaluateAccuracy over 10 examples in batches of 4, 4, 2 with 7 right " +
            "(0.583 would be the mean of the batches' accuracies)", 1e-9, 0);
    }

    private static void StableSoftmax(ISoftmaxRegressionScratchSteps steps)
    {
        double[] values = [100, 0, -100, 1, 2, 3, -1000, -1000, -1000];
        using var X = Tensor.FromArray(Array.ConvertAll(values, v => (float)v), [3, 3]);

        // The premise: the book's softmax, exp then divide, gives inf / inf = NaN here in float32.
        using (var naive = X.Exp() / X.Exp().Sum(1, keepDim: true))
        {
            Expect.That(naive.ToDoubles().Any(double.IsNaN), "premise: exp(100) / Σexp should be ∞/∞ = NaN in float32");
        }

        var p = steps.StableSoftmax(X);
        Expect.Shape(p, "StableSoftmax(X (3x3))", 3, 3);
        Expect.Finite(p.ToDoubles(), "StableSoftmax([[100, 0, −100], [1, 2, 3], [−1000, −1000, −1000]])");
        Expect.AllClose(p, SoftmaxRows(values, 3),
            "StableSoftmax([[100, 0, −100], [1, 2, 3], [−1000, −1000, −1000]])");
    }

    private static void CrossEntropyFromLogits(ISoftmaxRegressionScratchSteps steps)
    {
        double[] values = [0, 200, -5, 1, 2, 3];
        int[] labels = [0, 2];
        var o = Tensor.FromArray(Array.ConvertAll(values, v => (float)v), [2, 3], requiresGrad: true);
        using var y = Tensor.FromArray(labels);
        var l = steps.CrossEntropyFromLogits(o, y);
        Expect.Shape(l, "CrossEntropyFromLogits(o (2x3), y (2))", 2);
        Expect.Finite(l.ToDoubles(), "CrossEntropyFromLogits([[0, 200, −5], [1, 2, 3]], [0, 2]) (softmax(o)₀ rounds " +
            "to 0 in the first row, and log 0 = −∞)");
        var p = SoftmaxRows(values, 3);
        Expect.AllClose(l, [200 + Math.Log(1 + Math.Exp(-200) + Math.Exp(-205)), -Math.Log(p[5])],
            "CrossEntropyFromLogits([[0, 200, −5], [1, 2, 3]], [0, 2])");
        l.Sum().Backward();
        var expected = p.Select((v, i) => v - (labels[i / 3] == i % 3 ? 1 : 0)).ToArray();
        Expect.AllClose(Expect.NotNull(o.Grad, "o.Grad after CrossEntropyFromLogits(…).Sum().Backward()"), expected,
            "∂Σl/∂o: softmax(o) − onehot(y)");
    }
}
