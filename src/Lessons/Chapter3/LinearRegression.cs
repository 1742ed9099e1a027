using System.Globalization;
using Lessons.Figures;
using Lessons.Framework;
using Lessons.Random;
using Lessons.Steps;
using MathNet.Numerics.LinearAlgebra;
using Timer = Lessons.Framework.Timer;

namespace Lessons.Chapter3;

/// <summary>
/// Linear regression — d2l 0.17 §3.1 / current edition §3.1: why squared loss (it is the Gaussian maximum
/// likelihood), the closed-form solution SGD should agree with, and why we vectorize.
/// </summary>
public sealed partial class LinearRegression : ILesson
{
    /// <inheritdoc/>
    public string Name => "linear-regression";

    /// <inheritdoc/>
    public string Title => "Linear regression";

    /// <inheritdoc/>
    public string Sections => "3.1 / 3.1";

    /// <inheritdoc/>
    public IReadOnlyList<Hyperparameters> Defaults => [LinearRegressionScratch.Book];

    /// <summary>d2l's <c>normal(x, mu, sigma)</c> (§3.1): the density of N(μ, σ²) at each x.</summary>
    // <doc:normal>
    public static double[] Normal(double[] x, double mu, double sigma)
    {
        var p = 1 / Math.Sqrt(2 * Math.PI * sigma * sigma);
        return [.. x.Select(v => p * Math.Exp(-0.5 / (sigma * sigma) * (v - mu) * (v - mu)))];
    }
    // </doc:normal>

    /// <summary>
    /// −log P(y | X) when y = Xw + b + ε with ε ~ N(0, σ²) (§3.1.3):
    /// Σ ½ log(2πσ²) + (y − ŷ)² / (2σ²).
    /// </summary>
    // <doc:negative-log-likelihood>
    public static double NegativeLogLikelihood(double[] yHat, double[] y, double sigma) =>
        yHat.Zip(y, (p, t) => (0.5 * Math.Log(2 * Math.PI * sigma * sigma)) + ((t - p) * (t - p) / (2 * sigma * sigma)))
            .Sum();
    // </doc:negative-log-likelihood>

    /// <summary>
    /// The analytic solution w* = (XᵀX)⁻¹Xᵀy (§3.1.1), with a column of ones appended to X so the last entry
    /// of the result is the bias. Math.NET solves the normal equations by Cholesky rather than forming the inverse.
    /// </summary>
    // <doc:closed-form>
    public static double[] ClosedForm(Tensor X, Tensor y)
    {
        var rows = X.Shape[0];
        var cols = X.Shape[1];
        var x = X.ToDoubles();
        var design = Matrix<double>.Build.Dense(rows, cols + 1, (i, j) => j == cols ? 1 : x[(i * cols) + j]);
        var target = Vector<double>.Build.Dense(y.ToDoubles());
        return design.TransposeThisAndMultiply(design).Cholesky().Solve(design.TransposeThisAndMultiply(target))
            .ToArray();
    }
    // </doc:closed-form>

    /// <inheritdoc/>
    public LessonResult Run(LessonContext context)
    {
        var report = context.Report;
        var c = CultureInfo.InvariantCulture;
        var n = context.Options.Quick ? 1000 : 10000;
        var steps = context.Steps.Get<ILinearRegressionSteps>(); // the book's functions (or yours, with --workbook)

        report.Section("The normal distribution");
        var densities = Path.Combine(context.OutputDirectory(Name), "normal.svg");
        NormalDensities(steps).ToSvg().Save(densities);
        report.Figure(densities, "the normal densities of (μ, σ) = (0, 1), (0, 2), (3, 1), as the book draws them");

        report.Section("Squared loss is the Gaussian maximum likelihood");
        var generator = new Generator(context.Options.Seed);
        using var trueW = Tensor.FromArray(Array.ConvertAll(LinearRegressionScratch.TrueW, v => (float)v));
        var (features, labels) =
            LinearRegressionScratch.SyntheticData(trueW, LinearRegressionScratch.TrueB, 1000, generator);
        var y = labels.ToDoubles();
        const double sigma = 0.01;
        report.Say("For noise N(0, σ²), −log P(y | X) = n·½·log(2πσ²) + Σ(y − ŷ)²/(2σ²): "
            + "the same minimizer as Σ(y − ŷ)².");
        foreach (var b in new[] { 4.0, 4.1, 4.2, 4.3 })
        {
            var yHat = Predict(features, LinearRegressionScratch.TrueW, b);
            var nll = NegativeLogLikelihood(yHat, y, sigma);
            var squared = yHat.Zip(y, (p, t) => (t - p) * (t - p)).Sum();
            var constant = y.Length * 0.5 * Math.Log(2 * Math.PI * sigma * sigma);
            report.Say(string.Create(c,
                $"b = {b:F1}: NLL = {nll:F3}; constant + SSE/(2σ²) = {constant + (squared / (2 * sigma * sigma)):F3}"));
        }

        report.Section("The closed-form solution, and SGD next to it");
        var exact = steps.ClosedForm(features, labels);
        report.Say(string.Create(c,
            $"w* = [{exact[0]:F5}, {exact[1]:F5}], b* = {exact[2]:F5} (Math.NET, normal equations)"));
        var (batchSize, lr, numEpochs) = LinearRegressionScratch.Book.Resolve(context.Options);
        var sgd = LinearRegressionScratch.Train(new LinearRegressionOptions(
            NumEpochs: numEpochs, BatchSize: batchSize, Lr: lr, Seed: context.Options.Seed));
        Divergence.Check(context, numEpochs, "training loss", sgd.EpochLosses[^1]);
        var wGap = sgd.W.Zip(exact, (a, e) => Math.Abs(a - e)).Max();
        var bGap = Math.Abs(sgd.B - exact[2]);
        var gap = Math.Max(wGap, bGap);
        report.Say(string.Create(c, $"SGD: w = [{sgd.W[0]:F5}, {sgd.W[1]:F5}], b = {sgd.B:F5}"));
        report.Value("max |SGD − closed form|", gap);

        report.Section("Vectorization for speed");
        var (perElement, whole, loop) = VectorizationTimings(n);
        report.Say(string.Create(c,
            $"{n} additions, one element at a time through the tensor API: {perElement * 1e3:F2} ms"));
        report.Say(string.Create(c, $"one whole-tensor a + b: {whole * 1e3:F3} ms"));
        report.Say(string.Create(c, $"a plain C# loop over arrays: {loop * 1e3:F3} ms"));
        report.Say("C# loops are not Python loops: the first way is slow because each element pays a whole tensor "
            + "operation's dispatch, which is what vectorizing avoids on every backend.");
        return new LessonResult
        {
            ["lesson"] = Name,
            ["w_error"] = wGap,
            ["b_error"] = bGap,
            ["loss"] = sgd.EpochLosses[^1],
            ["epochs"] = sgd.EpochLosses.Count,
        };
    }

    /// <summary>
    /// The figure of §3.1.3: the density of the normal distribution for (μ, σ) = (0, 1), (0, 2) and (3, 1) over
    /// x ∈ [−7, 7], computed by <paramref name="steps"/>' <c>Normal</c>.
    /// </summary>
    // <doc:normal-figure>
    public static LineChart NormalDensities(ILinearRegressionSteps steps)
    {
        var x = Enumerable.Range(0, 1401).Select(i => -7 + (i * 0.01)).ToArray();
        (double Mu, double Sigma)[] parameters = [(0, 1), (0, 2), (3, 1)];
        var curves = parameters.Select(p => (IReadOnlyList<double>)steps.Normal(x, p.Mu, p.Sigma)).ToList();
        var legend = parameters.Select(p => string.Create(CultureInfo.InvariantCulture, $"mean {p.Mu}, std {p.Sigma}"));
        return LineChart.Plot(x, curves, [.. legend], "x", "p(x)");
    }
    // </doc:normal-figure>

    /// <summary>The book's timing of c = a + b three ways (§3.1.2), with d2l's <see cref="Timer"/>.</summary>
    // <doc:vectorization>
    public static (double PerElement, double WholeTensor, double PlainLoop) VectorizationTimings(int n)
    {
        using var scope = Tensor.Scope();
        var a = Tensor.Ones([n]);
        var b = Tensor.Ones([n]);
        var timer = new Timer();
        var c = new float[n];
        for (var i = 0; i < n; i++)
        {
            using var index = Tensor.FromArray(new[] { i });
            using var sum = a.IndexSelect(0, index) + b.IndexSelect(0, index);
            c[i] = (float)sum.Item();
        }

        var perElement = timer.Stop();
        timer.Start();
        using (var d = a + b)
        {
            d.ToArray<float>();
        }

        var whole = timer.Stop();
        var (x, yArray) = (a.ToArray<float>(), b.ToArray<float>());
        timer.Start();
        for (var i = 0; i < n; i++)
        {
            c[i] = x[i] + yArray[i];
        }

        return (perElement, whole, timer.Stop());
    }
    // </doc:vectorization>

    private static double[] Predict(Tensor features, double[] w, double b)
    {
        var x = features.ToDoubles();
        return [.. Enumerable.Range(0, features.Shape[0]).Select(i => (x[2 * i] * w[0]) + (x[(2 * i) + 1] * w[1]) + b)];
    }
}
