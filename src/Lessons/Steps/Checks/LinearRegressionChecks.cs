using Lessons.Random;

namespace Lessons.Steps.Checks;

/// <summary>The checks of linear regression's steps (d2l 0.17 §3.1 / current §3.1).</summary>
internal static class LinearRegressionChecks
{
    private const string Lesson = "linear-regression";

    /// <summary>The lesson's checks, in the book's order.</summary>
    public static IReadOnlyList<StepCheck> All { get; } =
    [
        Check(nameof(ILinearRegressionSteps.Normal), "the Gaussian density at a few points", Normal),
        Check(nameof(ILinearRegressionSteps.OptimalConstant),
            "exercise: the b minimising Σ(xᵢ − b)² is the mean", OptimalConstant),
        Check(nameof(ILinearRegressionSteps.ClosedForm),
            "exercise: w* = (XᵀX)⁻¹Xᵀy recovers w and b, and SGD lands next to it", ClosedForm),
        Check(nameof(ILinearRegressionSteps.LaplaceNll),
            "exercise: the negative log-likelihood under Laplace noise is Σ(log 2 + |xᵢ − b|)", LaplaceNll),
        Check(nameof(ILinearRegressionSteps.LaplaceOptimalConstant),
            "exercise: under Laplace noise the best constant is the median", LaplaceOptimalConstant),
    ];

    private static StepCheck Check(string step, string description, Action<ILinearRegressionSteps> check) =>
        new StepCheck<ILinearRegressionSteps>(Lesson, step, description, check);

    private static void Normal(ILinearRegressionSteps steps)
    {
        double[] x = [-2, 0, 1, 3];
        foreach (var (mu, sigma) in new[] { (0.0, 1.0), (1.0, 2.0) })
        {
            var expected = x.Select(v =>
                Math.Exp(-(v - mu) * (v - mu) / (2 * sigma * sigma)) / Math.Sqrt(2 * Math.PI * sigma * sigma));
            var what = $"Normal([-2, 0, 1, 3], μ = {mu}, σ = {sigma})";
            var actual = steps.Normal(x, mu, sigma);
            if (sigma != 1)
            {
                Expect.NotLike(actual, [.. expected], [.. x.Select(v => Math.Exp(-(v - mu) * (v - mu) / (2 * sigma)) /
                    Math.Sqrt(2 * Math.PI * sigma))], "you used σ where the density has the variance σ²: the " +
                    "exponent is −(x − μ)²/(2σ²) and the factor 1/√(2πσ²)", what, 1e-12, 1e-9);
            }

            Expect.NotLike(actual, [.. expected],
                [.. x.Select(v => Math.Exp(-(v - mu) * (v - mu) / (2 * sigma * sigma)))],
                "the normalising factor 1/√(2πσ²) is missing: without it the area under the curve is not 1", what,
                1e-12, 1e-9);
            Expect.AllClose(actual, [.. expected], what, 1e-12, 1e-9);
        }
    }

    private static void OptimalConstant(ILinearRegressionSteps steps)
    {
        double[] x = [1, 2, 3, 10];
        var b0 = steps.OptimalConstant(x);
        Expect.That(Math.Abs(b0 - 2.5) > 1e-9, "OptimalConstant([1, 2, 3, 10]) gave 2.5, the median: the median " +
            "minimises the sum of absolute differences; the squared differences are minimised by the mean");
        Expect.Close(b0, 4, "OptimalConstant([1, 2, 3, 10])", 1e-9, 1e-9);

        // On random data, no small move of b makes Σ(xᵢ − b)² smaller.
        var generator = new Generator(7);
        var data = Enumerable.Range(0, 20).Select(_ => 5 + (3 * generator.NextDouble())).ToArray();
        var b = steps.OptimalConstant(data);
        double Loss(double c) => data.Sum(v => (v - c) * (v - c));
        foreach (var step in new[] { -1e-3, 1e-3 })
        {
            Expect.That(Loss(b) <= Loss(b + step), $"OptimalConstant of 20 numbers gave b = {Expect.Format(b)}, " +
                $"but Σ(xᵢ − b)² is smaller at b = {Expect.Format(b + step)}: b is not the minimiser");
        }

        Expect.Close(b, data.Average(), "OptimalConstant of 20 random numbers", 1e-9, 1e-9);
    }

    private static void ClosedForm(ILinearRegressionSteps steps)
    {
        // Without noise the solution is exact: three features, to catch a solution written for two only.
        var generator = new Generator(11);
        using var X = Tensor.Normal(0, 1, [50, 3], generator);
        using var trueW = Tensor.FromArray(new[] { 1f, -2f, 0.5f }, [3, 1]);
        using var y = X.MatMul(trueW) - 1;
        var solved = steps.ClosedForm(X, y);
        Expect.That(solved.Length != 3, "ClosedForm returned one weight per feature and no bias: append a column " +
            "of ones to X, so the bias is the weight of that column and comes last");
        Expect.AllClose(solved, [1, -2, 0.5, -1], "ClosedForm on 50 noise-free examples of " +
            "y = X·[1, −2, 0.5] − 1 (expected [w..., b])", 1e-3, 1e-3);

        // With the book's noisy data, w* is the minimiser: SGD can only come close to it.
        var (features, labels) = CheckData.Synthetic(generator);
        var exact = steps.ClosedForm(features, labels);
        Expect.Equal(exact.Length, 3, "ClosedForm on the book's data: number of values (w₁, w₂, b)");
        Expect.AllClose(exact, [.. CheckData.TrueW, CheckData.TrueB], "ClosedForm on the book's data vs the true " +
            "[w₁, w₂, b]", 0.01, 0);
        var w = Tensor.Zeros([2, 1], requiresGrad: true);
        var b = Tensor.Zeros([1], requiresGrad: true);
        var sgd = CheckData.TrainLinearRegression(features, labels, w, b, (yHat, yy) => (yHat - yy).Square().Mean() / 2,
            lr: 0.03, numEpochs: 3, batchSize: 10, generator);
        var exactLoss = CheckData.SumOfSquares(features, labels, exact);
        var sgdLoss = CheckData.SumOfSquares(features, labels, sgd);
        Expect.That(exactLoss <= sgdLoss * (1 + 1e-6), $"ClosedForm's Σ(y − ŷ)² = {Expect.Format(exactLoss)} is " +
            $"larger than SGD's {Expect.Format(sgdLoss)}: the closed form should be the minimiser");
        Expect.AllClose(sgd, exact, "SGD's [w₁, w₂, b] after 3 epochs vs ClosedForm's", 5e-3, 0);
    }

    private static void LaplaceNll(ILinearRegressionSteps steps)
    {
        double[] x = [1, 2, 3, 10];
        var nll = steps.LaplaceNll(x, 2);
        var expected = (4 * Math.Log(2)) + 1 + 0 + 1 + 8;
        Expect.That(!Expect.IsClose(nll, 10, 1e-12, 1e-9), "LaplaceNll([1, 2, 3, 10], b = 2) is Σ|xᵢ − b| alone: " +
            "each density has the factor ½, which adds log 2 to every point's negative log-likelihood");
        Expect.That(!Expect.IsClose(nll, 1 + 0 + 1 + 64, 1e-12, 1e-9) &&
            !Expect.IsClose(nll, (4 * Math.Log(2)) + 66, 1e-12, 1e-9), "LaplaceNll used squared distances: that " +
            "is the Gaussian's; the Laplace density falls with the absolute distance |xᵢ − b|");
        Expect.Close(nll, expected, "LaplaceNll([1, 2, 3, 10], b = 2)", 1e-12, 1e-9);
        Expect.Close(steps.LaplaceNll([0.5], 0.5), Math.Log(2), "LaplaceNll([0.5], b = 0.5)", 1e-12, 1e-9);
    }

    private static void LaplaceOptimalConstant(ILinearRegressionSteps steps)
    {
        double[] odd = [1, 2, 3, 10, 100];
        var b = steps.LaplaceOptimalConstant(odd);
        Expect.That(!Expect.IsClose(b, odd.Average(), 1e-9, 1e-9), "LaplaceOptimalConstant([1, 2, 3, 10, 100]) " +
            "gave the mean, 23.2: the mean minimises the squared distances (Gaussian noise); the sum of absolute " +
            "distances is smallest at the median, where as many points lie below as above — an outlier barely " +
            "moves it");
        Expect.Close(b, 3, "LaplaceOptimalConstant([1, 2, 3, 10, 100])", 1e-9, 1e-9);
        Expect.Close(steps.LaplaceOptimalConstant([4, 1, 10, 2]), 3, "LaplaceOptimalConstant([4, 1, 10, 2]) " +
            "(unsorted, an even count: the midpoint of the two middle values)", 1e-9, 1e-9);
    }
}
