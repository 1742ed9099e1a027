using Lessons.Losses;
using Lessons.NN;
using Lessons.Random;

namespace Lessons.Steps.Checks;

/// <summary>The checks of concise linear regression (d2l 0.17 §3.3 / current §3.5).</summary>
internal static class LinearRegressionConciseChecks
{
    private const string Lesson = "linreg-concise";

    /// <summary>The lesson's checks, in the book's order.</summary>
    public static IReadOnlyList<StepCheck> All { get; } =
    [
        Check(nameof(ILinearRegressionConciseSteps.LoadArray),
            "a loader of every example once per epoch, reshuffled when training, in order otherwise", LoadArray),
        Check(nameof(ILinearRegressionConciseSteps.CreateNet),
            "Sequential(Linear(2, 1)) with small random weights and a zero bias", CreateNet),
        Check(nameof(ILinearRegressionConciseSteps.SumLossLearningRate),
            "exercise: a summed loss with the right learning rate trains exactly like the mean", SumLossLearningRate),
        Check(nameof(ILinearRegressionConciseSteps.HuberLoss),
            "exercise: Huber's loss, its capped gradient, and it still trains linear regression", HuberLoss),
        Check(nameof(ILinearRegressionConciseSteps.WeightGradient),
            "exercise: net[0].Weight.Grad equals the formula (2/n)·(ŷ − y)ᵀX, call after call", WeightGradient),
    ];

    private static StepCheck Check(string step, string description, Action<ILinearRegressionConciseSteps> check) =>
        new StepCheck<ILinearRegressionConciseSteps>(Lesson, step, description, check);

    private static void LoadArray(ILinearRegressionConciseSteps steps)
    {
        using var features = Tensor.Arange(25).Reshape(25, 1);
        using var labels = Tensor.Arange(25);
        var loader = steps.LoadArray([features, labels], 10, new Generator(3));
        Expect.Equal(loader.BatchSize, 10, "LoadArray(…, batchSize 10): the loader's batch size");
        var first = Epoch(loader);
        Expect.SequenceEqual(first.Select(batch => batch.y.Length), [10, 10, 5],
            "LoadArray over 25 examples, batch 10: batch sizes");
        var seen = first.SelectMany(batch => batch.y).ToList();
        Expect.SequenceEqual(seen.Order(), Enumerable.Range(0, 25).Select(i => (double)i),
            "LoadArray over 25 examples: the labels of one epoch, sorted (every example exactly once)");
        Expect.SequenceEqual(first.SelectMany(batch => batch.X), seen,
            "LoadArray: each batch's features, row by row (the rows of the labels picked)");
        Expect.That(!seen.SequenceEqual(Enumerable.Range(0, 25).Select(i => (double)i)),
            "LoadArray(isTrain: true) gave the examples in their original order: training data is shuffled, so " +
            "each minibatch is a random sample (shuffle when isTrain)");
        var second = Epoch(loader).SelectMany(batch => batch.y);
        Expect.That(!second.SequenceEqual(seen), "LoadArray(isTrain: true) gave the same order in two epochs: " +
            "the loader should reshuffle every epoch (shuffle: isTrain, with the generator)");

        var test = steps.LoadArray([features, labels], 10, new Generator(3), isTrain: false);
        Expect.SequenceEqual(Epoch(test).SelectMany(batch => batch.y), Enumerable.Range(0, 25).Select(i => (double)i),
            "LoadArray(isTrain: false) over 25 examples: the labels, in order");
    }

    private static List<(double[] X, double[] y)> Epoch(IEnumerable<Data.Batch> loader) =>
        CheckData.Collect(loader.Select(batch => (batch[0], batch[1])));

    private static void CreateNet(ILinearRegressionConciseSteps steps)
    {
        var net = steps.CreateNet(new Generator(0));
        Expect.That(net.Count >= 1 && net[0] is Linear, $"CreateNet: expected a Linear layer first, got {net}");
        var linear = net.Get<Linear>(0);
        Expect.Equal((linear.InFeatures, linear.OutFeatures), (2, 1), "CreateNet: net[0]'s (in, out) features");
        var w = linear.Weight.ToDoubles();
        Expect.That(w.All(v => Math.Abs(v) < 0.05) && w.Any(v => v != 0),
            $"CreateNet: weights should be drawn from N(0, 0.01²), got {Expect.FormatList(w)}");
        Expect.That(linear.Bias is not null, "CreateNet: the Linear layer has no bias — the model is Xw + b");
        Expect.AllClose(Expect.NotNull(linear.Bias, "CreateNet: net[0].Bias"), [0], "CreateNet: the bias (the book " +
            "zeroes it: Init.Zeros)", 0, 0);
        using var X = Tensor.Ones([4, 2]);
        using var noGrad = Tensor.NoGrad();
        Expect.Shape(net.Forward(X), "CreateNet(…).Forward(X (4x2))", 4, 1);
    }

    private static void SumLossLearningRate(ILinearRegressionConciseSteps steps)
    {
        foreach (var (lr, batchSize) in new[] { (0.03, 10), (0.05, 4) })
        {
            var sumLr = steps.SumLossLearningRate(lr, batchSize);
            Expect.That(!Expect.IsClose(sumLr, lr * batchSize, 1e-12, 1e-9), $"SumLossLearningRate({lr}, " +
                $"{batchSize}) = {Expect.Format(sumLr)}: the gradient of the sum is already batchSize times the " +
                "gradient of the mean, so the learning rate must be divided by the batch size, not multiplied");
            var mean = Train(new MseLoss(), lr, batchSize);
            var sum = Train(new MseLoss(Reduction.Sum), sumLr, batchSize);
            Expect.AllClose(sum, mean, $"[w₁, w₂, b] after 2 epochs with MseLoss(Sum) and lr = " +
                $"SumLossLearningRate({lr}, {batchSize}) = {Expect.Format(sumLr)}, vs MseLoss(Mean) with lr {lr}",
                1e-4, 1e-4);
        }
    }

    private static double[] Train(Loss loss, double lr, int batchSize)
    {
        var generator = new Generator(4);
        var (features, labels) = CheckData.Synthetic(generator);
        var w = Tensor.Normal(0, 0.01, [2, 1], generator, requiresGrad: true);
        var b = Tensor.Zeros([1], requiresGrad: true);
        return CheckData.TrainLinearRegression(features, labels, w, b, loss.Forward, lr, numEpochs: 2, batchSize,
            generator);
    }

    private static void HuberLoss(ILinearRegressionConciseSteps steps)
    {
        // Residuals inside and outside ±δ, and y as a vector, as the book's labels may be.
        double[] yHatValues = [0.5, 3, -2, 0];
        double[] yValues = [0, 0, 0, 1.5];
        foreach (var delta in new[] { 1.0, 2.0 })
        {
            var yHat = Tensor.FromArray(Array.ConvertAll(yHatValues, v => (float)v), [4, 1], requiresGrad: true);
            using var y = Tensor.FromArray(Array.ConvertAll(yValues, v => (float)v));
            var d = yHatValues.Zip(yValues, (p, t) => p - t).ToArray();
            var call = $"HuberLoss(ŷ = [0.5, 3, −2, 0], y = [0, 0, 0, 1.5], δ = {delta})";
            var l = steps.HuberLoss(yHat, y, delta);
            Expect.Shape(l, call, 4, 1);
            var huber = d.Select(v => Math.Abs(v) <= delta ? v * v / 2 : delta * (Math.Abs(v) - (delta / 2)));
            Expect.NotLike(l, [.. huber], [.. d.Select(v => Math.Abs(v) <= delta ? v * v : delta * (Math.Abs(v) -
                (delta / 2)))], "the quadratic piece lacks its ½: Huber's loss is ½d² inside ±δ, so that the two " +
                "pieces meet with the same slope at |d| = δ", call);
            Expect.NotLike(l, [.. huber], [.. d.Select(v => Math.Abs(v) <= delta ? v * v / 2 : delta * Math.Abs(v))],
                "the linear piece lacks its −½δ: δ(|d| − ½δ) is what makes it meet ½d² at |d| = δ", call);
            Expect.AllClose(l, [.. huber], call);
            l.Sum().Backward();
            Expect.AllClose(Expect.NotNull(yHat.Grad, $"ŷ.Grad after {call}.Sum().Backward()"),
                [.. d.Select(v => Math.Clamp(v, -delta, delta))], $"∂/∂ŷ of {call} summed: d clipped to ±δ");
        }

        // Huber in place of the squared loss still trains: its gradient is capped at ±δ, so it takes more steps.
        var generator = new Generator(6);
        var (features, labels) = CheckData.Synthetic(generator);
        var w = Tensor.Zeros([2, 1], requiresGrad: true);
        var b = Tensor.Zeros([1], requiresGrad: true);
        var learned = CheckData.TrainLinearRegression(features, labels, w, b,
            (yHat, y) => steps.HuberLoss(yHat, y).Mean(), lr: 0.1, numEpochs: 3, batchSize: 10, generator);
        Expect.AllClose(learned, [.. CheckData.TrueW, CheckData.TrueB],
            "[w₁, w₂, b] after 3 epochs of SGD (lr 0.1) on the mean Huber loss", 0.01, 0);
    }

    private static void WeightGradient(ILinearRegressionConciseSteps steps)
    {
        var generator = new Generator(12);
        var net = new Sequential(new Linear(2, 1, generator: generator));
        using var X = Tensor.Normal(0, 1, [6, 2], generator);
        using var y = Tensor.Normal(0, 1, [6, 1], generator);
        double[] formula;
        using (Tensor.NoGrad())
        {
            // ∂/∂w of mean((Xwᵀ + b − y)²) = (2/n)·(ŷ − y)ᵀX, a (1x2) row like the weight.
            formula = ((net.Forward(X) - y).T.MatMul(X) * (2.0 / 6)).ToDoubles();
        }

        var first = steps.WeightGradient(net, X, y);
        Expect.Shape(first, "WeightGradient: net[0].Weight.Grad (the weight of Linear(2, 1) is 1x2)", 1, 2);
        Expect.NotLike(first, formula, [.. formula.Select(g => g / 2)], "your gradient is half the formula's: " +
            "MseLoss is the mean of (ŷ − y)², without the ½ of the book's squared loss", "WeightGradient");
        Expect.AllClose(first, formula, "WeightGradient vs (2/n)·(ŷ − y)ᵀX", 1e-5, 1e-4);
        var second = steps.WeightGradient(net, X, y);
        Expect.NotLike(second, formula, [.. formula.Select(g => 2 * g)], "the second call gave twice the gradient: " +
            "gradients accumulate in .Grad from one backward pass to the next — zero them (net.ZeroGrad()) first",
            "WeightGradient called twice");
        Expect.AllClose(second, formula, "WeightGradient called a second time", 1e-5, 1e-4);
    }
}
