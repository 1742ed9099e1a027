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
            "correct predictions over all examples, not the mean of the batches' accuracies", EvaluateAccuracy,
            [nameof(ISoftmaxRegressionScratchSteps.Accuracy)]),
        Check(nameof(ISoftmaxRegressionScratchSteps.StableSoftmax),
            "exercise: the book's softmax overflows at exp(100) in float32; the stable one does not", StableSoftmax),
        Check(nameof(ISoftmaxRegressionScratchSteps.CrossEntropyFromLogits),
            "exercise: the cross-entropy from logits stays finite where softmax rounds to 0", CrossEntropyFromLogits),
    ];

    private static StepCheck Check(string step, string description, Action<ISoftmaxRegressionScratchSteps> check,
        IReadOnlyList<string>? uses = null) =>
        new StepCheck<ISoftmaxRegressionScratchSteps>(Lesson, step, description, check, uses);

    /// <summary>The sum of each row of a (rows, cols) matrix.</summary>
    private static double[] RowSums(double[] values, int cols) =>
        [.. Enumerable.Range(0, values.Length / cols).Select(r => CheckData.Row(values, r, cols).Sum())];

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
        var actual = p.ToDoubles();
        Expect.That(actual.All(v => v >= 0), "Softmax gave negative numbers, which no probability is: exponentiate " +
            $"every entry first, then divide by the row's total (got {Expect.FormatList(actual)})");
        var sums = RowSums(actual, 3);
        Expect.That(sums.All(v => Math.Abs(v - 1) < 1e-4), "each row must sum to 1 — one probability per class for " +
            $"each example — but your rows sum to {Expect.FormatList(sums)}: divide each row by its own sum, along " +
            "axis 1 (the classes), keeping the dimension so that it broadcasts across the row; summing along axis 0 " +
            "normalises the columns instead, and summing everything normalises the whole matrix");
        Expect.AllClose(p, SoftmaxRows(values, 3), "Softmax([[1, 2, 3], [0.5, −1, 0]])");
    }

    private static void CrossEntropy(ISoftmaxRegressionScratchSteps steps)
    {
        // The book's example: y_hat = [[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]], y = [0, 2].
        using var yHat = Tensor.FromArray(new float[,] { { 0.1f, 0.3f, 0.6f }, { 0.3f, 0.2f, 0.5f } });
        using var y = Tensor.FromArray(new[] { 0, 2 });
        var l = steps.CrossEntropy(yHat, y);
        if (l.Numel == 4)
        {
            throw new StepCheckException("you picked every label for every row — the book's y_hat[:, y], a table of " +
                "n × n probabilities — instead of one entry per row, y_hat[range(n), y]: each example's loss uses " +
                $"only the probability of its own label (got shape {l.Shape} for 2 examples)");
        }

        Expect.Shape(l, "CrossEntropy(ŷ (2x3), y (2)): one loss per example", 2);
        double[] expected = [-Math.Log(0.1), -Math.Log(0.5)];
        Expect.NotLike(l, expected, [Math.Log(0.1), Math.Log(0.5)], "your losses are negative: the cross-entropy " +
            "is minus the log of the true label's probability, so a likely label costs little and an unlikely one " +
            "much", "CrossEntropy(the book's ŷ, y = [0, 2])");
        Expect.NotLike(l, expected, [0.1, 0.5], "you returned the true label's probability itself: the loss is " +
            "minus its log", "CrossEntropy(the book's ŷ, y = [0, 2])");
        Expect.AllClose(l, expected, "CrossEntropy(the book's ŷ, y = [0, 2])");
    }

    private static void Accuracy(ISoftmaxRegressionScratchSteps steps)
    {
        // First a square ŷ, where the maximum of each column (axis 0) is another class than that of each row (axis 1).
        using (var square = Tensor.FromArray(new float[,] { { 0.1f, 0.3f, 0.6f }, { 0.3f, 0.2f, 0.5f },
            { 0.8f, 0.1f, 0.1f } }))
        using (var labels = Tensor.FromArray(new[] { 2, 2, 0 }))
        {
            var count = steps.Accuracy(square, labels).Item();
            Expect.That(count != 2, "ArgMax along axis 0 picks, for each class, the example that gives it the " +
                "largest probability; an example's prediction is the largest entry of its own row: ArgMax along " +
                "axis 1 (Accuracy([[.1, .3, .6], [.3, .2, .5], [.8, .1, .1]], y = [2, 2, 0]) gave 2, which is " +
                "what axis 0 counts; 3 are right)");
            Expect.That(Math.Abs(count - 1) > 1e-6, "Accuracy must return the number of correct predictions, not " +
                "the fraction: EvaluateAccuracy and the training loop add the counts of every batch and divide once " +
                "by the number of examples, as the book's accuracy does (got 1 for 3 correct out of 3)");
        }

        using var yHat = Tensor.FromArray(new float[,] { { 0.1f, 0.3f, 0.6f }, { 0.3f, 0.2f, 0.5f } });
        foreach (var (labels, correct) in new[] { (new[] { 0, 2 }, 1.0), (new[] { 2, 2 }, 2.0), (new[] { 1, 0 }, 0.0) })
        {
            using var y = Tensor.FromArray(labels);
            var what = $"Accuracy(the book's ŷ, y = {Expect.FormatList(labels)}): the number of correct predictions";
            double count;
            try
            {
                count = steps.Accuracy(yHat, y).Item();
            }
            catch (ArgumentException e) when (e.Message.Contains("broadcast", StringComparison.Ordinal))
            {
                throw new StepCheckException("your predictions do not line up with the labels — ArgMax along axis 0 " +
                    "gives one value per class (3), not one per example (2): take each row's ArgMax, along axis 1 " +
                    $"({what} threw: {e.Message})", e);
            }

            Expect.That(correct == 0 || Math.Abs(count - (correct / 2)) > 1e-6, "Accuracy must return the number of " +
                "correct predictions, not the fraction: EvaluateAccuracy and the training loop add the counts of " +
                $"every batch and divide once by the number of examples ({what}: expected {correct}, got " +
                $"{Expect.Format(count)})");
            Expect.Close(count, correct, what, 0, 0);
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
        Expect.That(Math.Abs(accuracy - (1.75 / 3)) > 1e-6, "you averaged the batches' accuracies, but the last " +
            "batch is short (2 of 10 examples) and weighs as much as a full one that way: add up the correct " +
            "predictions and the examples over all batches, and divide once at the end (10 examples in batches of " +
            "4, 4, 2 with 7 right: expected 0.7, got 0.583)");
        Expect.That(Math.Abs(accuracy - 7) > 1e-6, "EvaluateAccuracy returned the number of correct predictions (7): " +
            "divide by the number of examples, summed over the batches, for the accuracy");
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
        var rows = Enumerable.Range(0, 3).Select(r => CheckData.Row(p.ToDoubles(), r, 3)).ToList();
        Expect.That(rows[0].All(double.IsFinite), "exp(100) overflows float32 to ∞, and ∞/∞ is NaN " +
            $"(row [100, 0, −100] gave {Expect.FormatList(rows[0])}): subtract each row's maximum before " +
            "exponentiating — softmax does not change when a row is shifted by a constant");
        Expect.That(rows[2].All(double.IsFinite), "a row far below the others underflows to 0/0: you subtracted the " +
            "maximum of the whole tensor (100), so the row [−1000, −1000, −1000] becomes exp(−1100) = 0 everywhere " +
            $"and gave {Expect.FormatList(rows[2])}; subtract each row's own maximum (along axis 1, keeping the " +
            "dimension), which makes every row's largest exponential exactly 1");
        var byColumn = SoftmaxRows([.. values.Select((v, i) => v - new[] { 100.0, 2, 3 }[i % 3])], 3);
        Expect.NotLike(p, SoftmaxRows(values, 3), byColumn, "you subtracted each column's maximum (axis 0): only a " +
            "constant per row leaves a row's softmax unchanged, so take the maximum along axis 1",
            "StableSoftmax([[100, 0, −100], [1, 2, 3], [−1000, −1000, −1000]])");
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
        Expect.That(double.IsFinite(l.ToDoubles()[0]), "taking the log of a softmax gives log 0 = −∞ when a " +
            "probability rounds to 0 (row [0, 200, −5], label 0, gave " +
            $"{Expect.Format(l.ToDoubles()[0])}): write −log softmax(o)ᵧ as log Σ exp(o) − oᵧ and compute the " +
            "log-sum-exp with the row's maximum taken out, so no log of 0 and no exp overflow remain");
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
