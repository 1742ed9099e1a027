using System.Globalization;
using Lessons.Figures;
using Lessons.Framework;
using Lessons.Random;
using Lessons.Steps;

namespace Lessons.Chapter3;

/// <summary>
/// Linear regression implemented from scratch — d2l 0.17 §3.2 / current edition §3.4. Only tensors and autograd:
/// we generate a dataset from a known w and b, then recover them with minibatch SGD.
/// </summary>
public sealed partial class LinearRegressionScratch : ILesson
{
    /// <summary>The book's true parameters: w = [2, −3.4], b = 4.2.</summary>
    public static readonly double[] TrueW = [2, -3.4];

    /// <summary>The book's true bias.</summary>
    public const double TrueB = 4.2;

    /// <summary>
    /// d2l's <c>synthetic_data</c> (§3.2): features X ~ N(0, 1) of shape (n, len(w)), labels y = Xw + b + ε with
    /// ε ~ N(0, noise²), shape (n, 1).
    /// </summary>
    // <doc:synthetic-data>
    public static (Tensor Features, Tensor Labels) SyntheticData(Tensor w, double b, int numExamples,
        Generator generator, double noise = 0.01)
    {
        var X = Tensor.Normal(0, 1, [numExamples, w.Numel], generator, w.DType, w.Backend);
        var y = X.MatMul(w) + b;
        y += Tensor.Normal(0, noise, y.Shape, generator, w.DType, w.Backend);
        return (X, y.Reshape(-1, 1));
    }
    // </doc:synthetic-data>

    /// <summary>
    /// d2l's <c>data_iter</c> (§3.2): minibatches of <paramref name="batchSize"/> examples in a random order; the last
    /// batch is shorter when the batch size does not divide the number of examples.
    /// </summary>
    // <doc:data-iter>
    public static IEnumerable<(Tensor X, Tensor y)> DataIter(int batchSize, Tensor features, Tensor labels,
        Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var numExamples = features.Shape[0];
        var indices = generator.Permutation(numExamples);
        for (var i = 0; i < numExamples; i += batchSize)
        {
            var batch = indices[i..Math.Min(i + batchSize, numExamples)];
            using var index = Tensor.FromArray(batch, features.Backend);
            yield return (features.IndexSelect(0, index), labels.IndexSelect(0, index));
        }
    }
    // </doc:data-iter>

    /// <summary>d2l's <c>linreg</c> (§3.2): the model ŷ = Xw + b.</summary>
    // <doc:linreg>
    public static Tensor Linreg(Tensor X, Tensor w, Tensor b) => X.MatMul(w) + b;
    // </doc:linreg>

    /// <summary>d2l's <c>squared_loss</c> (§3.2): (ŷ − y)²/2 per example, y reshaped to ŷ's shape.</summary>
    // <doc:squared-loss>
    public static Tensor SquaredLoss(Tensor yHat, Tensor y) => (yHat - y.Reshape(yHat.Shape.ToArray())).Pow(2) / 2;
    // </doc:squared-loss>

    /// <summary>
    /// d2l's <c>sgd</c> (§3.2): each parameter moves against its gradient, scaled by lr / batch size (the loss was
    /// summed over the batch), inside no-grad; then the gradient is cleared for the next batch.
    /// </summary>
    // <doc:sgd>
    public static void Sgd(Tensor[] parameters, double lr, int batchSize)
    {
        using var noGrad = Tensor.NoGrad();
        for (var i = 0; i < parameters.Length; i++)
        {
            var grad = parameters[i].Grad ?? throw new InvalidOperationException(
                "Sgd: a parameter has no gradient; call Backward() on the loss first.");
            parameters[i] -= lr * grad / batchSize; // in place, as the book's param -= lr * param.grad / batch_size
            parameters[i].ZeroGrad();
        }
    }
    // </doc:sgd>

    /// <inheritdoc/>
    public string Name => "linreg-scratch";

    /// <inheritdoc/>
    public string Title => "Linear regression from scratch";

    /// <inheritdoc/>
    public string Sections => "3.2 / 3.4";

    /// <summary>The book's recipe (§3.2.7): 3 epochs, batch 10, lr 0.03 (the same with <c>--quick</c>: it takes
    /// milliseconds).</summary>
    public static Hyperparameters Book { get; } = new("", Epochs: 3, QuickEpochs: 3, BatchSize: 10, Lr: 0.03);

    /// <inheritdoc/>
    public IReadOnlyList<Hyperparameters> Defaults => [Book];

    /// <inheritdoc/>
    public LessonResult Run(LessonContext context)
    {
        var o = context.Options;
        var (batchSize, lr, numEpochs) = Book.Resolve(o);
        var options = new LinearRegressionOptions(NumEpochs: numEpochs, BatchSize: batchSize, Lr: lr, Seed: o.Seed);
        var c = CultureInfo.InvariantCulture;
        var steps = context.Steps.Get<ILinearRegressionScratchSteps>(); // the book's functions (or yours)

        context.Report.Section("The synthetic data");
        var scatter = Path.Combine(context.OutputDirectory(Name), "synthetic-data.svg");
        SyntheticScatter(steps, options).ToSvg().Save(scatter);
        context.Report.Figure(scatter, "the second feature against the label, as the book's scatter plot of §3.2.1");
        if (o.LearningRates is { Count: > 1 } rates)
        {
            return LearningRateSweep(context, options, rates, steps);
        }

        context.Report.Section($"Training w and b by minibatch SGD (batch {options.BatchSize}, lr {options.Lr})");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        LinearRegressionResult result;
        using (var progress = context.Report.StartTraining(options.NumEpochs, options.NumExamples))
        {
            double? previous = null;
            result = Train(options, (epoch, loss) =>
            {
                progress.Advance(options.NumExamples);
                progress.EndEpoch(epoch, new Dictionary<string, double> { ["loss"] = loss });
                Divergence.Check(context, epoch, "training loss", loss, previous);
                previous = loss;
            }, steps);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        context.Report.Say(string.Create(c,
            $"error in estimating w: [{TrueW[0] - result.W[0]:G4}, {TrueW[1] - result.W[1]:G4}]"));
        context.Report.Say(string.Create(c, $"error in estimating b: {TrueB - result.B:G4}"));
        return new LessonResult
        {
            ["lesson"] = Name,
            ["epochs"] = options.NumEpochs,
            ["seconds_per_epoch"] = seconds / options.NumEpochs,
            ["loss"] = result.EpochLosses[^1],
            ["w_error"] = result.WError,
            ["b_error"] = result.BError,
        };
    }

    /// <summary>
    /// The figure of §3.2.1: the labels against the second feature of the synthetic data (d2l's
    /// <c>plt.scatter(features[:, 1], labels, 1)</c>) — a linear relation with slope w₂ = −3.4 and a little noise.
    /// </summary>
    public static LineChart SyntheticScatter(ILinearRegressionScratchSteps steps, LinearRegressionOptions options)
    {
        using var scope = Tensor.Scope();
        using var trueW = Tensor.FromArray(Array.ConvertAll(TrueW, v => (float)v));
        var (features, labels) = steps.SyntheticData(trueW, TrueB, options.NumExamples, new Generator(options.Seed));
        var x = features.ToDoubles();
        var second = Enumerable.Range(0, features.Shape[0]).Select(i => x[(i * features.Shape[1]) + 1]).ToArray();
        return new LineChart(["examples"], "second feature x₂", "label y") { Scatter = true }.AddAll(second,
            labels.ToDoubles());
    }

    /// <summary>
    /// <c>lessons run linreg-scratch --lr 0.003,0.03,0.3</c>: the book's run once per learning rate, the losses of
    /// every epoch overlaid in one figure (log scale), as the exercise of §3.2 asks — too small barely moves, too
    /// large overshoots and diverges.
    /// </summary>
    private LessonResult LearningRateSweep(LessonContext context, LinearRegressionOptions options,
        IReadOnlyList<double> rates, ILinearRegressionScratchSteps steps)
    {
        var c = CultureInfo.InvariantCulture;
        context.Report.Section($"A learning-rate sweep: {string.Join(", ", rates.Select(r => r.ToString(c)))}");
        var runs = rates.Select(lr => Train(options with { Lr = lr }, steps: steps).EpochLosses).ToList();
        var chart = new LineChart([.. rates.Select(r => string.Create(c, $"lr {r}"))], "epoch", "log10 of the loss");
        for (var epoch = 0; epoch < options.NumEpochs; epoch++)
        {
            chart.Add(epoch + 1, [.. runs.Select(losses => Math.Log10(losses[epoch]))]);
        }

        var plot = Path.Combine(context.OutputDirectory(Name), "lr-sweep.svg");
        chart.ToSvg().Save(plot);
        for (var i = 0; i < rates.Count; i++)
        {
            var last = runs[i][^1];
            context.Report.Say(double.IsFinite(last) && last < 1e6
                ? string.Create(c, $"lr {rates[i]}: loss {last:G4} after {options.NumEpochs} epochs")
                : string.Create(c, $"lr {rates[i]}: diverged (loss {last:G4}) — each step overshoots the minimum"));
        }

        context.Report.Figure(plot, "the loss after each epoch, one curve per learning rate");
        return new LessonResult
        {
            ["lesson"] = Name,
            ["epochs"] = options.NumEpochs,
            ["learning_rates"] = rates.ToArray(),
            ["losses"] = runs.Select(losses => losses[^1]).ToArray(),
        };
    }

    /// <summary>The book's training loop (§3.2): <paramref name="options"/> default to 3 epochs, batch 10, lr
    /// 0.03; the book's functions are <paramref name="steps"/>' (a learner's, with <c>--workbook</c>), else the
    /// lesson's own.</summary>
    public static LinearRegressionResult Train(LinearRegressionOptions options, Action<int, double>? onEpoch = null,
        ILinearRegressionScratchSteps? steps = null)
    {
        var (SyntheticData, DataIter, Linreg, SquaredLoss, Sgd) = Functions(steps ?? new LinearRegressionScratch());
        var generator = new Generator(options.Seed);
        using var trueW = Tensor.FromArray(Array.ConvertAll(TrueW, v => (float)v));
        var (features, labels) = SyntheticData(trueW, TrueB, options.NumExamples, generator, 0.01);

        // <doc:train>
        // Initialise w ~ N(0, 0.01²) and b = 0, both requiring gradients.
        var w = Tensor.Normal(0, 0.01, [2, 1], generator, requiresGrad: true);
        var b = Tensor.Zeros([1], requiresGrad: true);
        var losses = new List<double>();
        for (var epoch = 0; epoch < options.NumEpochs; epoch++)
        {
            foreach (var (X, y) in DataIter(options.BatchSize, features, labels, generator))
            {
                using var scope = Tensor.Scope();
                var l = SquaredLoss(Linreg(X, w, b), y); // minibatch loss of X and y
                l.Sum().Backward(); // the gradient of the summed loss with respect to [w, b]
                Sgd([w, b], options.Lr, options.BatchSize); // update the parameters by their gradient
                X.Dispose();
                y.Dispose();
            }

            using (Tensor.NoGrad())
            using (Tensor.Scope())
            {
                var trainLoss = SquaredLoss(Linreg(features, w, b), labels).Mean().Item();
                losses.Add(trainLoss);
                onEpoch?.Invoke(epoch + 1, trainLoss);
            }
        }
        // </doc:train>

        var learnedW = w.ToDoubles();

        var wError = learnedW.Zip(TrueW, (l, t) => Math.Abs(t - l)).Max();
        var bError = Math.Abs(TrueB - b.Item());
        return new LinearRegressionResult(learnedW, b.Item(), wError, bError, losses);
    }

    /// <summary>The five functions of the training loop, taken from <paramref name="steps"/>, so the loop reads as the
    /// book's whichever implementation runs.</summary>
    private static (
        Func<Tensor, double, int, Generator, double, (Tensor, Tensor)> SyntheticData,
        Func<int, Tensor, Tensor, Generator, IEnumerable<(Tensor X, Tensor y)>> DataIter,
        Func<Tensor, Tensor, Tensor, Tensor> Linreg,
        Func<Tensor, Tensor, Tensor> SquaredLoss,
        Action<Tensor[], double, int> Sgd) Functions(ILinearRegressionScratchSteps steps) =>
        (steps.SyntheticData, steps.DataIter, steps.Linreg, steps.SquaredLoss, steps.Sgd);
}

/// <summary>Hyperparameters of the linear-regression lessons, with the book's values as defaults.</summary>
/// <param name="NumExamples">Size of the synthetic dataset (the book: 1000).</param>
/// <param name="BatchSize">Minibatch size (the book: 10).</param>
/// <param name="Lr">Learning rate (the book: 0.03).</param>
/// <param name="NumEpochs">Passes over the data (the book: 3).</param>
/// <param name="Seed">Seed of every random draw.</param>
public sealed record LinearRegressionOptions(
    int NumExamples = 1000, int BatchSize = 10, double Lr = 0.03, int NumEpochs = 3, int Seed = 0);

/// <summary>What a linear-regression run learned and how close it came to the true parameters.</summary>
/// <param name="W">The learned weights.</param>
/// <param name="B">The learned bias.</param>
/// <param name="WError">max |w − w*| over the weights.</param>
/// <param name="BError">|b − b*|.</param>
/// <param name="EpochLosses">Mean squared loss (½(ŷ − y)²) over the whole dataset after each epoch.</param>
public sealed record LinearRegressionResult(double[] W, double B, double WError, double BError,
    IReadOnlyList<double> EpochLosses);
