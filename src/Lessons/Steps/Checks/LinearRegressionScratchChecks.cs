using Lessons.Random;

namespace Lessons.Steps.Checks;

/// <summary>The checks of linear regression from scratch (d2l 0.17 §3.2 / current §3.4).</summary>
internal static class LinearRegressionScratchChecks
{
    private const string Lesson = "linreg-scratch";

    /// <summary>The lesson's checks, in the book's order.</summary>
    public static IReadOnlyList<StepCheck> All { get; } =
    [
        Check(nameof(ILinearRegressionScratchSteps.SyntheticData),
            "shapes (n, len(w)) and (n, 1); X ~ N(0, 1); y − Xw − b has the noise's spread", SyntheticData),
        Check(nameof(ILinearRegressionScratchSteps.DataIter),
            "shuffled minibatches covering every example once, the last one short", DataIter),
        Check(nameof(ILinearRegressionScratchSteps.Linreg), "Xw + b, with gradients for w and b", Linreg),
        Check(nameof(ILinearRegressionScratchSteps.SquaredLoss),
            "(ŷ − y)²/2 per example, shape (n, 1) even when y is a vector", SquaredLoss),
        Check(nameof(ILinearRegressionScratchSteps.Sgd),
            "param −= lr·grad/batchSize in place, then the gradient cleared", Sgd),
        Check(nameof(ILinearRegressionScratchSteps.InitZeroParams),
            "exercise: zero-initialised w and b still train linear regression", InitZeroParams),
        Check(nameof(ILinearRegressionScratchSteps.DataIterDropLast),
            "exercise: n not a multiple of the batch size — drop the short last batch", DataIterDropLast),
        Check(nameof(ILinearRegressionScratchSteps.FitResistance),
            "exercise: Ohm's law — autograd recovers a resistance from noisy (I, V) pairs", FitResistance),
        Check(nameof(ILinearRegressionScratchSteps.LearningRateSweep),
            "exercise: 0.003 is slow, 0.03 and 0.3 converge, 3 diverges", LearningRateSweep),
    ];

    private static StepCheck Check(string step, string description, Action<ILinearRegressionScratchSteps> check) =>
        new StepCheck<ILinearRegressionScratchSteps>(Lesson, step, description, check);

    private static void SyntheticData(ILinearRegressionScratchSteps steps)
    {
        foreach (var (w, b, noise) in new[] { (new[] { 2f, -3.4f }, 4.2, 0.01), (new[] { 1f, -1f, 0.5f }, -2.0, 0.5) })
        {
            var call = $"SyntheticData(w = {Expect.FormatList(w)}, b = {b}, n = 1000, noise = {noise})";
            using var wTensor = Tensor.FromArray(w);
            var (X, y) = steps.SyntheticData(wTensor, b, 1000, new Generator(0), noise);
            Expect.Shape(X, $"{call}: features", 1000, w.Length);
            Expect.That(y.Rank != 1, $"{call}: the labels must be a column (1000x1), as the book's " +
                $"y.reshape((-1, 1)) makes them, not a vector of shape {y.Shape} — the loss and the model's output " +
                "are columns too");
            Expect.Shape(y, $"{call}: labels", 1000, 1);
            var x = X.ToDoubles();
            Expect.Close(x.Average(), 0, $"{call}: mean of the features", 0.1, 0);
            Expect.Close(StandardDeviation(x), 1, $"{call}: standard deviation of the features", 0.1, 0);

            // The residual y − (Xw + b) is the noise: mean ≈ 0, standard deviation ≈ noise.
            using var column = Tensor.FromArray(w, [w.Length, 1]);
            using var clean = X.MatMul(column) + b;
            using var residual = y - clean;
            var r = residual.ToDoubles();
            Expect.Close(r.Average(), 0, $"{call}: mean of y − (Xw + b)", 4 * noise / Math.Sqrt(1000), 0);
            Expect.That(StandardDeviation(r) > noise / 10, $"{call}: the labels are exactly Xw + b — the noise is " +
                "missing: real measurements are noisy, and the book adds N(0, noise²) to every label");
            Expect.Close(StandardDeviation(r), noise, $"{call}: standard deviation of y − (Xw + b)", 0, 0.15);
        }
    }

    private static void DataIter(ILinearRegressionScratchSteps steps)
    {
        // 25 examples whose feature equals their label, so every row can be traced.
        using var features = Tensor.Arange(25).Reshape(25, 1);
        using var labels = Tensor.Arange(25);
        var generator = new Generator(1);
        var batches = CheckData.Collect(steps.DataIter(10, features, labels, generator));
        Expect.That(batches.Count != 2 || batches.Sum(batch => batch.y.Length) != 20, "DataIter left out the last, " +
            "short batch: 25 examples in batches of 10 are 10, 10 and 5 — every example counts once per epoch");
        Expect.SequenceEqual(batches.Select(batch => batch.y.Length), [10, 10, 5],
            "DataIter(batchSize 10) over 25 examples: batch sizes (the last one is short)");
        var seen = batches.SelectMany(batch => batch.y).ToList();
        Expect.SequenceEqual(seen.Order(), Enumerable.Range(0, 25).Select(i => (double)i),
            "DataIter over 25 examples: the labels seen, sorted (every example exactly once)");
        Expect.SequenceEqual(batches.SelectMany(batch => batch.X), seen,
            "DataIter: each batch's features, row by row (they must be the rows of the labels picked)");
        Expect.That(!seen.SequenceEqual(Enumerable.Range(0, 25).Select(i => (double)i)),
            "DataIter does not shuffle: your batches come in the data's original order, so each minibatch is a " +
            "slice of neighbours rather than a random sample — draw a random order of all the examples each epoch " +
            "(from the generator you are given) and cut that into batches");
        var again = CheckData.Collect(steps.DataIter(10, features, labels, generator)).SelectMany(b => b.y);
        Expect.That(!again.SequenceEqual(seen), "DataIter gave the same order in two epochs from the same generator: " +
            "draw each epoch's order from the generator you are given, not from a new one with a fixed seed");
    }

    private static void Linreg(ILinearRegressionScratchSteps steps)
    {
        using var X = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        var w = Tensor.FromArray(new[] { 2f, -1f }, [2, 1], requiresGrad: true);
        var b = Tensor.FromArray(new[] { 0.5f }, requiresGrad: true);
        var yHat = steps.Linreg(X, w, b);
        Expect.Shape(yHat, "Linreg(X (3x2), w (2x1), b (1))", 3, 1);
        Expect.NotLike(yHat, [0.5, 2.5, 4.5], [0, 2, 4], "the bias is missing: the model is Xw + b",
            "Linreg([[1, 2], [3, 4], [5, 6]], [[2], [−1]], [0.5])");
        Expect.AllClose(yHat, [0.5, 2.5, 4.5], "Linreg([[1, 2], [3, 4], [5, 6]], [[2], [−1]], [0.5])");
        yHat.Sum().Backward();
        Expect.AllClose(Expect.NotNull(w.Grad, "w.Grad after Linreg(…).Sum().Backward()"), [9, 12],
            "∂ΣLinreg/∂w (Xᵀ·1)");
        Expect.AllClose(Expect.NotNull(b.Grad, "b.Grad after Linreg(…).Sum().Backward()"), [3], "∂ΣLinreg/∂b");
    }

    private static void SquaredLoss(ILinearRegressionScratchSteps steps)
    {
        var yHat = Tensor.FromArray(new[] { 1f, 2f, 4f }, [3, 1], requiresGrad: true);
        using var y = Tensor.FromArray(new[] { 1f, 3f, 1f });
        var l = steps.SquaredLoss(yHat, y);
        Expect.That(!l.Shape.SequenceEqual([3, 3]), "SquaredLoss(ŷ (3x1), y (3)) has shape (3x3): ŷ − y broadcast " +
            "a column against a row — reshape y to ŷ's shape first (that is why the book calls y.reshape)");
        Expect.Shape(l, "SquaredLoss(ŷ (3x1), y (3))", 3, 1);
        Expect.NotLike(l, [0, 0.5, 4.5], [0, 1, 9], "your loss is twice the book's: the squared loss has a ½ in " +
            "front, (ŷ − y)²/2, so that its derivative is simply ŷ − y", "SquaredLoss([[1], [2], [4]], [1, 3, 1])");
        Expect.NotLike(l, [0, 0.5, 4.5], [0, -0.5, 1.5], "you halved the difference without squaring it: a loss " +
            "must not be negative — square ŷ − y, then halve", "SquaredLoss([[1], [2], [4]], [1, 3, 1])");
        Expect.AllClose(l, [0, 0.5, 4.5], "SquaredLoss([[1], [2], [4]], [1, 3, 1])");
        l.Sum().Backward();
        Expect.AllClose(Expect.NotNull(yHat.Grad, "ŷ.Grad after SquaredLoss(…).Sum().Backward()"), [0, -1, 3],
            "∂ΣSquaredLoss/∂ŷ (ŷ − y)");
    }

    private static void Sgd(ILinearRegressionScratchSteps steps)
    {
        using var X = Tensor.FromArray(new float[,] { { 1, 2 }, { 0, 1 }, { -1, 0.5f }, { 2, 2 } });
        using var y = Tensor.FromArray(new[] { 1f, 0f, 2f, -1f }, [4, 1]);
        var w = Tensor.FromArray(new[] { 1f, 2f }, [2, 1], requiresGrad: true);
        var b = Tensor.FromArray(new[] { 0.5f }, requiresGrad: true);
        ((X.MatMul(w) + b - y).Square() / 2).Sum().Backward();
        var (w0, gw, b0, gb) = (w.ToDoubles(), w.Grad!.ToDoubles(), b.Item(), b.Grad!.Item());
        const double lr = 0.1;
        const int batchSize = 4;

        steps.Sgd([w, b], lr, batchSize);

        var wExpected = w0.Zip(gw, (p, g) => p - (lr * g / batchSize)).ToArray();
        Expect.That(!w.ToDoubles().SequenceEqual(w0), "Sgd left w unchanged: it must update the tensors the caller " +
            "holds, in place (parameters[i] -= …), not put new tensors in the array (parameters[i] = parameters[i] " +
            "− …, which the caller's w never sees)");
        var what = $"w after Sgd(lr {lr}, batchSize {batchSize}) from w = [1, 2] with gradient {Expect.FormatList(gw)}";
        Expect.NotLike(w.ToDoubles(), wExpected, [.. w0.Zip(gw, (p, g) => p - (lr * g))], "your update is " +
            "batchSize times too large: divide by the batch size — d2l's sgd divides because the loss is summed " +
            $"over the batch, so its gradient is the sum of the gradients of batchSize = {batchSize} examples",
            what);
        Expect.NotLike(w.ToDoubles(), wExpected, [.. w0.Zip(gw, (p, g) => p + (lr * g / batchSize))], "your update " +
            "climbs the gradient: the gradient points to where the loss grows, so step against it (subtract)", what);
        Expect.NotLike(w.ToDoubles(), wExpected, [.. w0.Zip(gw, (p, g) => p - (lr * g * batchSize))], "you " +
            "multiplied by the batch size: divide by it — the summed loss's gradient is batchSize times the mean's",
            what);
        Expect.AllClose(w, wExpected, $"w after Sgd(lr {lr}, batchSize {batchSize}) from w = [1, 2] with gradient " +
            Expect.FormatList(gw));
        Expect.AllClose(b, [b0 - (lr * gb / batchSize)], $"b after Sgd from b = 0.5 with gradient {Expect.Format(gb)}");
        Expect.That(w.Grad is null || w.Grad.ToDoubles().All(g => g == 0),
            "Sgd did not zero the gradient: gradients accumulate (as in torch), so the next batch's gradient would " +
            "be added to this one's — zero the gradient of each parameter after its update (w.Grad after Sgd: " +
            $"expected zeros, got {Expect.FormatList(w.Grad?.ToDoubles() ?? [])})");
        Expect.That(w.RequiresGrad && w.IsLeaf, "w after Sgd must still be a leaf that requires gradients " +
            "(update it inside Tensor.NoGrad())");
    }

    private static void InitZeroParams(ILinearRegressionScratchSteps steps)
    {
        var (w, b) = steps.InitZeroParams(2);
        Expect.Shape(w, "InitZeroParams(2): w", 2, 1);
        Expect.Shape(b, "InitZeroParams(2): b", 1);
        Expect.AllClose(w, [0, 0], "InitZeroParams(2): w", 0, 0);
        Expect.AllClose(b, [0], "InitZeroParams(2): b", 0, 0);
        Expect.That(w.RequiresGrad && b.RequiresGrad, "InitZeroParams: w and b must require gradients — without " +
            "requiresGrad, autograd computes no gradient for them and SGD has nothing to step by");

        // The book's training run from there: 3 epochs, batch 10, lr 0.03.
        var generator = new Generator(5);
        var (features, labels) = CheckData.Synthetic(generator);
        var learned = CheckData.TrainLinearRegression(features, labels, w, b,
            (yHat, y) => (yHat - y).Square().Mean() / 2, lr: 0.03, numEpochs: 3, batchSize: 10, generator);
        Expect.AllClose(learned, [.. CheckData.TrueW, CheckData.TrueB],
            "[w₁, w₂, b] after 3 epochs of SGD from zero (linear regression still trains: its loss is convex)",
            0.01, 0);
    }

    private static void DataIterDropLast(ILinearRegressionScratchSteps steps)
    {
        foreach (var (n, sizes) in new[] { (25, new[] { 10, 10 }), (30, new[] { 10, 10, 10 }) })
        {
            using var features = Tensor.Arange(n).Reshape(n, 1);
            using var labels = Tensor.Arange(n);
            var batches = CheckData.Collect(steps.DataIterDropLast(10, features, labels, new Generator(2)));
            Expect.That(n != 25 || batches.Count != 3, "DataIterDropLast kept the short last batch (5 of 25 " +
                "examples in batches of 10): stop before a batch that would have fewer than batchSize examples");
            Expect.That(n != 30 || batches.Count != 2, "DataIterDropLast dropped a full batch: 30 examples make " +
                "exactly 3 batches of 10, and only a batch that would be short is left out");
            Expect.SequenceEqual(batches.Select(batch => batch.y.Length), sizes,
                $"DataIterDropLast(batchSize 10) over {n} examples: batch sizes");
            var seen = batches.SelectMany(batch => batch.y).ToList();
            Expect.Equal(seen.Distinct().Count(), seen.Count,
                $"DataIterDropLast over {n} examples: distinct examples among the {seen.Count} seen");
            Expect.SequenceEqual(batches.SelectMany(batch => batch.X), seen,
                "DataIterDropLast: each batch's features, row by row (they must be the rows of the labels picked)");
        }
    }

    private static double StandardDeviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }

    private static void FitResistance(ILinearRegressionScratchSteps steps)
    {
        // 50 measurements of a 4.7 Ω resistor: currents 0.1–2 A, voltmeter noise of 0.05 V.
        var generator = new Generator(9);
        var current = Enumerable.Range(0, 50).Select(_ => 0.1 + (1.9 * generator.NextDouble())).ToArray();
        var noise = new double[50];
        generator.FillNormal(noise, 0, 0.05);
        var voltage = current.Select((i, k) => (4.7 * i) + noise[k]).ToArray();
        var leastSquares = current.Zip(voltage, (i, v) => i * v).Sum() / current.Sum(i => i * i);
        using var I = Tensor.FromArray(Array.ConvertAll(current, v => (float)v));
        using var V = Tensor.FromArray(Array.ConvertAll(voltage, v => (float)v));
        var R = steps.FitResistance(I, V);
        Expect.That(double.IsFinite(R), $"FitResistance gave {Expect.Format(R)}: the descent diverged — the step " +
            "is too large for the curvature 2·mean(I²) of the loss; take a smaller learning rate");
        Expect.That(Math.Abs(R - (voltage.Average() / current.Average())) > 1e-3 || Math.Abs(R - leastSquares) < 1e-3,
            "FitResistance returned mean(V) / mean(I): fit R by minimising the squared error of R·I against V");
        Expect.Close(R, leastSquares, $"FitResistance on 50 noisy measurements of a 4.7 Ω resistor (least squares: " +
            $"{Expect.Format(leastSquares)} Ω; still far means too few steps or too small a learning rate)", 0.01, 0);
    }

    private static void LearningRateSweep(ILinearRegressionScratchSteps steps)
    {
        double[] rates = [0.003, 0.03, 0.3, 3];
        var losses = steps.LearningRateSweep(rates);
        Expect.Equal(losses.Length, 4, "LearningRateSweep([0.003, 0.03, 0.3, 3]): one loss per learning rate");
        Expect.That(!double.IsFinite(losses[3]) || losses[3] > 1e3, $"LearningRateSweep: at lr 3 the loss is " +
            $"{Expect.Format(losses[3])}, but it should diverge — each step of the book's run overshoots the " +
            "minimum by more than it corrects (the loss's curvature is about 1, so any rate above 2 makes every step " +
            "grow); check that each rate really trains from the same start");
        Expect.That(losses[1] < 1e-3 && losses[2] < 1e-3, $"LearningRateSweep: lr 0.03 and 0.3 should both reach " +
            $"a loss below 0.001 in 3 epochs, got {Expect.FormatList(losses[1..3])}");
        Expect.That(losses[0] > 10 * losses[1], $"LearningRateSweep: lr 0.003 should still be far from the " +
            $"minimum after 3 epochs (ten times smaller steps), got {Expect.Format(losses[0])} against " +
            $"{Expect.Format(losses[1])} at 0.03 — does each run start from its own w ~ N(0, 0.01²) and b = 0?");
    }
}
