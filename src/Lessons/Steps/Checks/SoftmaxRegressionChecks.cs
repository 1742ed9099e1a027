namespace Lessons.Steps.Checks;

/// <summary>The checks of softmax regression's theory (d2l 0.17 §3.4 / current §4.1).</summary>
internal static class SoftmaxRegressionChecks
{
    private const string Lesson = "softmax-regression";

    private static readonly double[] P = [0.1, 0.4, 0.5];
    private static readonly double[] Q = [0.3, 0.3, 0.4];

    /// <summary>The lesson's checks, in the book's order.</summary>
    public static IReadOnlyList<StepCheck> All { get; } =
    [
        Check(nameof(ISoftmaxRegressionSteps.Entropy), "H(P) in nats and bits, with 0·log 0 = 0", Entropy),
        Check(nameof(ISoftmaxRegressionSteps.CrossEntropy), "H(P, Q) in nats and bits; H(P, P) = H(P)", CrossEntropy),
        Check(nameof(ISoftmaxRegressionSteps.KlDivergence), "KL(P ‖ Q) ≥ 0, KL(P ‖ P) = 0", KlDivergence),
        Check(nameof(ISoftmaxRegressionSteps.GradientByFormula),
            "softmax(o) − y equals autograd's gradient of the cross-entropy", GradientByFormula),
        Check(nameof(ISoftmaxRegressionSteps.RealSoftMax),
            "exercise: max(a, b) < log(eᵃ + eᵇ) ≤ max(a, b) + log 2, with no overflow", RealSoftMax),
        Check(nameof(ISoftmaxRegressionSteps.CrossEntropyHessian),
            "exercise: the Hessian of the cross-entropy is diag(p) − ppᵀ (checked by central differences)",
            CrossEntropyHessian),
    ];

    private static StepCheck Check(string step, string description, Action<ISoftmaxRegressionSteps> check) =>
        new StepCheck<ISoftmaxRegressionSteps>(Lesson, step, description, check);

    private const string NoOneHot = "the one-hot is missing: y holds class numbers, not a distribution; the " +
        "gradient is softmax(o) minus the one-hot encoding of y — a 1 in each row at the true class, 0 elsewhere";

    private static double H(double[] p, double[] q) =>
        -p.Zip(q).Where(pq => pq.First > 0).Sum(pq => pq.First * Math.Log(pq.Second));

    private static void Entropy(ISoftmaxRegressionSteps steps)
    {
        double[] p = [0.1, 0.5, 0.1, 0.3];
        var nats = steps.Entropy(p);
        Expect.That(nats >= 0, $"Entropy([0.1, 0.5, 0.1, 0.3]) = {Expect.Format(nats)} is negative: log p ≤ 0 for a " +
            "probability, so entropy is minus the sum of p log p");
        Expect.Close(nats, H(p, p), "Entropy([0.1, 0.5, 0.1, 0.3]) in nats", 1e-12, 1e-9);
        var bits = steps.Entropy(p, 2);
        Expect.That(Math.Abs(bits - nats) > 1e-9, "Entropy(p, logBase 2) gave the same number as in nats: in bits, " +
            "divide by log 2 (the base changes the unit, not the idea)");
        Expect.Close(steps.Entropy(p, 2), H(p, p) / Math.Log(2), "Entropy([0.1, 0.5, 0.1, 0.3], logBase 2) in bits",
            1e-12, 1e-9);
        Expect.Close(steps.Entropy([0.25, 0.25, 0.25, 0.25], 2), 2, "Entropy of 4 equally likely outcomes, in bits",
            1e-12, 1e-9);
        Expect.Close(steps.Entropy([0.5, 0.5, 0]), Math.Log(2), "Entropy([0.5, 0.5, 0]) (0·log 0 counts as 0)",
            1e-12, 1e-9);
    }

    private static void CrossEntropy(ISoftmaxRegressionSteps steps)
    {
        Expect.Close(steps.CrossEntropy(P, Q), H(P, Q), "CrossEntropy(P = [.1, .4, .5], Q = [.3, .3, .4])",
            1e-12, 1e-9);
        Expect.Close(steps.CrossEntropy(P, Q, 2), H(P, Q) / Math.Log(2), "CrossEntropy(P, Q, logBase 2) in bits",
            1e-12, 1e-9);
        Expect.Close(steps.CrossEntropy(P, P), H(P, P), "CrossEntropy(P, P) = H(P)", 1e-12, 1e-9);
        Expect.Close(steps.CrossEntropy([0, 1], [0, 1]), 0, "CrossEntropy([0, 1], [0, 1]) (0·log 0 counts as 0)",
            1e-12, 1e-9);
    }

    private static void KlDivergence(ISoftmaxRegressionSteps steps)
    {
        var kl = P.Zip(Q, (p, q) => p * Math.Log(p / q)).Sum();
        var swapped = Q.Zip(P, (q, p) => q * Math.Log(q / p)).Sum();
        var value = steps.KlDivergence(P, Q);
        Expect.That(!Expect.IsClose(value, swapped, 1e-12, 1e-9) || Expect.IsClose(value, kl, 1e-12, 1e-9),
            "you computed KL(Q ‖ P): the divergence is not symmetric — KL(P ‖ Q) weights by P, Σ p log(p / q) " +
            $"(expected {Expect.Format(kl)}, got {Expect.Format(value)})");
        Expect.Close(steps.KlDivergence(P, Q), kl, "KlDivergence(P = [.1, .4, .5], Q = [.3, .3, .4])", 1e-12, 1e-9);
        Expect.Close(steps.KlDivergence(P, Q, 2), kl / Math.Log(2), "KlDivergence(P, Q, logBase 2) in bits",
            1e-12, 1e-9);
        Expect.Close(steps.KlDivergence(P, P), 0, "KlDivergence(P, P)", 1e-12, 0);
        Expect.Close(steps.KlDivergence([0, 1], [0.5, 0.5]), Math.Log(2),
            "KlDivergence([0, 1], [0.5, 0.5]) (0·log 0 counts as 0)", 1e-12, 1e-9);
    }

    private static void GradientByFormula(ISoftmaxRegressionSteps steps)
    {
        // First as many examples as classes, where subtracting the labels themselves broadcasts instead of failing.
        double[] square = [1, 2, 3, -1, 0.5, 0.1, 2, 0, -1, 3, 0, 0.5, 0, 0, 1, 1];
        int[] squareLabels = [0, 3, 1, 2];
        using (var o4 = Tensor.FromArray(square, [4, 4]))
        using (var y4 = Tensor.FromArray(squareLabels))
        {
            var p = Enumerable.Range(0, 4).SelectMany(r => CheckData.Softmax(CheckData.Row(square, r, 4))).ToArray();
            var expected = p.Select((v, i) => v - (squareLabels[i / 4] == i % 4 ? 1 : 0)).ToArray();
            double[] actual;
            try
            {
                actual = steps.GradientByFormula(o4, y4, 4).ToDoubles();
            }
            catch (ArgumentException e) when (e.Message.Contains("broadcast", StringComparison.Ordinal))
            {
                throw new StepCheckException(NoOneHot + $" (GradientByFormula threw: {e.Message})", e);
            }

            var what = "GradientByFormula(o (4x4), y = [0, 3, 1, 2], 4)";
            Expect.NotLike(actual, expected, p, NoOneHot + ": you returned softmax(o) alone", what, 1e-9, 1e-7);
            Expect.NotLike(actual, expected, [.. p.Select((v, i) => v - squareLabels[i % 4])],
                NoOneHot + ": subtracting the labels themselves broadcasts them across the columns", what, 1e-9, 1e-7);
            Expect.NotLike(actual, expected, [.. p.Select((v, i) => v - squareLabels[i / 4])],
                NoOneHot + ": subtracting each example's label number from its row is not the same", what, 1e-9, 1e-7);
        }

        double[] logits = [1, 2, 3, -1, 0.5, 0.1, 2, 0, -1, 3, 0, 0.5];
        using var y = Tensor.FromArray(new[] { 0, 3, 1 });
        var o = Tensor.FromArray(logits, [3, 4], requiresGrad: true);
        Tensor.SoftmaxCrossEntropy(o, y).Sum().Backward();
        using var detached = Tensor.FromArray(logits, [3, 4]);
        var formula = steps.GradientByFormula(detached, y, 4);
        Expect.Shape(formula, "GradientByFormula(o (3x4), y, 4)", 3, 4);
        Expect.AllClose(formula, o.Grad!.ToDoubles(), "GradientByFormula vs autograd's ∂Σl/∂o", 1e-9, 1e-7);
    }

    private static void RealSoftMax(ISoftmaxRegressionSteps steps)
    {
        (double A, double B)[] pairs = [(1, 2), (0, 0), (-3, 5), (1000, 999), (1000, 1000), (-1000, -1000)];
        foreach (var (a, b) in pairs)
        {
            var call = $"RealSoftMax({a}, {b})";
            var value = steps.RealSoftMax(a, b);
            var max = Math.Max(a, b);
            Expect.That(double.IsFinite(value), $"{call}: expected a finite number, got {Expect.Format(value)} — " +
                "e^1000 overflows a double (and e^−1000 underflows to 0): take the maximum out first");
            Expect.Close(value, max + Math.Log(1 + Math.Exp(-Math.Abs(a - b))), call, 1e-12, 1e-12);
            Expect.That(value > max && value <= max + Math.Log(2) + 1e-12,
                $"{call} = {Expect.Format(value)} should lie in (max(a, b), max(a, b) + log 2]");
        }

        // λ⁻¹·RealSoftMax(λa, λb) → max(a, b) as λ grows: the "soft" maximum hardens.
        const double lambda = 1000;
        Expect.Close(steps.RealSoftMax(lambda * 1, lambda * 2) / lambda, 2, "RealSoftMax(1000·1, 1000·2) / 1000", 1e-3,
            0);
    }

    private static void CrossEntropyHessian(ISoftmaxRegressionSteps steps)
    {
        double[] logits = [1, -0.5, 2, 0.3];
        var q = logits.Length;
        using var o = Tensor.FromArray(logits);
        var hessian = steps.CrossEntropyHessian(o);
        Expect.Shape(hessian, "CrossEntropyHessian(o of 4 logits)", q, q);
        var entries = hessian.ToDoubles();
        var offDiagonal = Enumerable.Range(0, q * q).Where(i => i / q != i % q).Select(i => entries[i]);
        Expect.That(offDiagonal.Any(v => Math.Abs(v) > 1e-9), "your Hessian is diagonal: every probability " +
            "depends on every logit (raising one logit lowers all the other probabilities), so the off-diagonal " +
            "entries are −pᵢpⱼ");

        // Column j of the Hessian: central differences of the gradient softmax(o) − y along oⱼ (y drops out).
        const double h = 1e-5;
        var numeric = new double[q * q];
        for (var j = 0; j < q; j++)
        {
            var plus = (double[])logits.Clone();
            var minus = (double[])logits.Clone();
            plus[j] += h;
            minus[j] -= h;
            var (gPlus, gMinus) = (CheckData.Softmax(plus), CheckData.Softmax(minus));
            for (var i = 0; i < q; i++)
            {
                numeric[(i * q) + j] = (gPlus[i] - gMinus[i]) / (2 * h);
            }
        }

        Expect.AllClose(hessian, numeric, "CrossEntropyHessian([1, −0.5, 2, 0.3]), row by row, vs central " +
            "differences of softmax(o) − y", 1e-7, 1e-5);
    }
}
