namespace Lessons.Steps.Hints;

/// <summary>The hints of softmax regression's theory (d2l 0.17 §3.4 / current §4.1).</summary>
internal static class SoftmaxRegressionHints
{
    private const string Lesson = "softmax-regression";

    /// <summary>The lesson's hints, in the book's order.</summary>
    public static IReadOnlyList<StepHint> All { get; } =
    [
        new(Lesson, "Entropy",
            "entropy is the expected surprise of a distribution: each outcome's probability times minus its log; an " +
            "impossible outcome adds nothing; in bits, change the log's base to two — d2l §3.4.7",
            "sum over the entries with p above 0 of p times Math.Log of p, negated; divide by Math.Log of logBase",
            "return -p.Where(v => v > 0).Sum(v => v * Math.Log(v)) / Math.Log(logBase);"),
        new(Lesson, "CrossEntropy",
            "cross-entropy is the expected surprise of an observer who believes Q while the outcomes follow P: P's " +
            "probabilities weight minus the log of Q's — d2l §3.4.7",
            "Zip p with q; keep the pairs where p is above 0; p times Math.Log of q, summed and negated; the base as " +
            "in Entropy",
            "return -p.Zip(q).Where(t => t.First > 0).Sum(t => t.First * Math.Log(t.Second)) / Math.Log(logBase);"),
        new(Lesson, "KlDivergence",
            "the Kullback–Leibler divergence is how much more surprised the believer in Q is than the one who knows " +
            "P: cross-entropy minus entropy, never negative, zero only when the two agree — d2l §3.4.7",
            "Zip p with q over the entries with p above 0; p times the log of p over q; mind which distribution is " +
            "on top",
            "return p.Zip(q).Where(t => t.First > 0).Sum(t => t.First * Math.Log(t.First / t.Second)) " +
            "/ Math.Log(logBase);"),
        new(Lesson, "GradientByFormula",
            "the derivative of the cross-entropy of a softmax with respect to the logits is the predicted " +
            "probabilities minus the true distribution, which puts a one at each example's label and zeros " +
            "elsewhere — d2l §3.4.6",
            "Softmax along the classes, then subtract a one-hot encoding of y with numClasses columns and o's dtype; " +
            "the labels themselves are class numbers, not a distribution",
            "return o.Softmax() - Tensor.OneHot(y, numClasses, o.DType);"),
        new(Lesson, "RealSoftMax",
            "the log of a sum of exponentials overflows when a number is large; take the largest one out first, so " +
            "the biggest exponential left is one — §3.4's exercises",
            "Math.Max of a and b, then Math.Log of the sum of Math.Exp of each minus that maximum, plus the maximum " +
            "back",
            "var m = Math.Max(a, b);\nreturn m + Math.Log(Math.Exp(a - m) + Math.Exp(b - m));"),
        new(Lesson, "CrossEntropyHessian",
            "differentiate the gradient once more: each probability depends on every logit, by its own value times " +
            "one minus itself on the diagonal and minus the product of two probabilities off it — §3.4's exercises",
            "the softmax of the vector as a column p; a diagonal matrix of p, which a one-hot identity times p " +
            "makes, minus the outer product of p with itself, p times its transpose T, of shape q by q",
            "var q = o.Numel;\nvar p = o.Reshape(1, q).Softmax().Reshape(q, 1);\n" +
            "var identity = Tensor.OneHot(Tensor.Arange(q, DType.Int32), q, o.DType);\n" +
            "return (identity * p) - p.MatMul(p.T); // identity * p is diag(p)"),
    ];
}
