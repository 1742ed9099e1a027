namespace Lessons.Steps.Hints;

/// <summary>The hints of softmax regression from scratch (d2l 0.17 §3.6 / current §4.4).</summary>
internal static class SoftmaxRegressionScratchHints
{
    private const string Lesson = "softmax-scratch";

    /// <summary>The lesson's hints, in the book's order.</summary>
    public static IReadOnlyList<StepHint> All { get; } =
    [
        new(Lesson, "Softmax",
            "softmax turns each row of logits into probabilities: exponentiate every entry, so all are positive, " +
            "then divide each row by its own total, so each row sums to one — d2l §3.6.2",
            "Exp, then Sum along axis 1, the classes, with keepDim so the sums stay a column that broadcasting " +
            "divides into each row",
            "var XExp = X.Exp();\nreturn XExp / XExp.Sum(1, keepDim: true);"),
        new(Lesson, "CrossEntropy",
            "the loss of one example is minus the log of the probability the model gave its true label: pick one " +
            "entry per row, the one in the label's column — d2l §3.6.4",
            "Gather along axis 1 with the labels as a column of indices, which is the book's y_hat indexed by the " +
            "row numbers and y; then Log, negate, and Reshape to one value per example",
            "return -yHat.Gather(1, y.Reshape(-1, 1)).Log().Reshape(-1);"),
        new(Lesson, "Accuracy",
            "a prediction is the class with the largest probability in its row; count how many predictions equal " +
            "the labels — a count, not a fraction, so that batches of different sizes can be added up — d2l §3.6.5",
            "ArgMax along axis 1, one class per row; Eq with y; Sum of the matches, a one-element tensor",
            "return yHat.ArgMax(1).Eq(y).Sum();"),
        new(Lesson, "EvaluateAccuracy",
            "the accuracy over a dataset is all the correct predictions divided by all the examples; add up the " +
            "counts of every batch first and divide once at the end, because the last batch may be shorter — " +
            "d2l §3.6.5",
            "two running totals, or the lesson's Accumulator of 2; for each batch add your Accuracy of net of X " +
            "and y, and y.Numel; a Tensor.NoGrad scope for evaluation",
            "using var noGrad = Tensor.NoGrad();\ndouble correct = 0, total = 0;\nforeach (var batch in dataIter)\n" +
            "{\n    var (X, y) = batch;\n    correct += Accuracy(net(X), y).Item();\n    total += y.Numel;\n}\n\n" +
            "return correct / total;"),
        new(Lesson, "StableSoftmax",
            "softmax does not change when the same number is subtracted from a whole row; subtract each row's own " +
            "maximum, so the largest exponential is one and nothing overflows — and no row of very negative logits " +
            "underflows to zero over zero — §3.6's exercises",
            "Max along axis 1 with keepDim, subtracted before Exp; then normalise each row as in Softmax",
            "var XExp = (X - X.Max(1, keepDim: true)).Exp();\nreturn XExp / XExp.Sum(1, keepDim: true);"),
        new(Lesson, "CrossEntropyFromLogits",
            "minus the log of a softmax probability is the log of the sum of the row's exponentials minus the true " +
            "class's logit: computed that way, with the row's maximum taken out, it never takes the log of zero — " +
            "§3.6's exercises",
            "the row maximum with keepDim; the log of the sum of Exp of the shifted logits, plus the maximum; minus " +
            "the true logit picked by Gather; Reshape to one value per example",
            "var m = o.Max(1, keepDim: true);\nvar logSumExp = (o - m).Exp().Sum(1, keepDim: true).Log() + m;\n" +
            "return (logSumExp - o.Gather(1, y.Reshape(-1, 1))).Reshape(-1);"),
    ];
}
