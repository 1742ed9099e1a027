using System.Diagnostics;
using System.Globalization;
using Lessons.Data;
using Lessons.Figures;
using Lessons.Framework;
using Lessons.Random;
using Lessons.Steps;

namespace Lessons.Chapter3;

/// <summary>
/// Softmax regression from scratch — d2l 0.17 §3.6 / current edition §4.4: a linear model of Fashion-MNIST's 784
/// pixels to 10 classes, softmax, cross-entropy by picking each true label's probability, accuracy, and the training
/// loop (<c>train_epoch_ch3</c>, <c>train_ch3</c>) that the concise version and the MLP reuse.
/// </summary>
public sealed partial class SoftmaxRegressionScratch : ILesson
{
    private Tensor W = null!;
    private Tensor b = null!;
    private ISoftmaxRegressionScratchSteps? steps;

    /// <summary>The book's functions this run uses: the lesson's own, or with <c>--workbook</c> the
    /// learner's.</summary>
    private ISoftmaxRegressionScratchSteps Steps => steps ?? this;

    /// <inheritdoc/>
    public string Name => "softmax-scratch";

    /// <inheritdoc/>
    public string Title => "Softmax regression from scratch";

    /// <inheritdoc/>
    public string Sections => "3.6 / 4.4";

    /// <summary>The book's recipe (§3.6.6): 10 epochs, batch 256, lr 0.1.</summary>
    public static Hyperparameters Book { get; } = new("", Epochs: 10, QuickEpochs: 2, BatchSize: 256, Lr: 0.1);

    /// <inheritdoc/>
    public IReadOnlyList<Hyperparameters> Defaults => [Book];

    /// <inheritdoc/>
    public IReadOnlyList<string> Datasets => LessonDatasets.Grayscale28;

    /// <summary>
    /// The book's <c>softmax</c> (§3.6.2): exponentiate, then divide each row by its sum. It is written exactly as the
    /// book does, without subtracting the row maximum, so exp overflows for logits above ~88 in float32 — see
    /// <see cref="Tensor.Softmax"/> for the stable version the library uses.
    /// </summary>
    // <doc:softmax>
    public static Tensor Softmax(Tensor X)
    {
        var XExp = X.Exp();
        var partition = XExp.Sum(1, keepDim: true);
        return XExp / partition; // broadcasting divides each row by its own sum
    }
    // </doc:softmax>

    /// <summary>The model (§3.6.3): softmax(XW + b), each image flattened to a row of 784 pixels.</summary>
    // <doc:net>
    public Tensor Net(Tensor X) => Steps.Softmax(X.Reshape(-1, W.Shape[0]).MatMul(W) + b);
    // </doc:net>

    /// <summary>
    /// The book's <c>cross_entropy</c> (§3.6.4): −log of the probability given to the true label,
    /// <c>y_hat[range(len(y_hat)), y]</c> written as a gather.
    /// </summary>
    // <doc:cross-entropy>
    public static Tensor CrossEntropy(Tensor yHat, Tensor y) => -yHat.Gather(1, y.Reshape(-1, 1)).Log().Reshape(-1);
    // </doc:cross-entropy>

    /// <summary>
    /// The book's <c>accuracy</c> (§3.6.5): the number of correct predictions, as a one-element tensor that stays on
    /// the device (d2l returns a float; reading it back every batch would stall a GPU).
    /// </summary>
    // <doc:accuracy>
    public static Tensor Accuracy(Tensor yHat, Tensor y)
    {
        using var predictions = yHat.Rank > 1 && yHat.Shape[1] > 1 ? yHat.ArgMax(1) : yHat.To(DType.Int32);
        using var matches = predictions.Eq(y);
        return matches.Sum();
    }
    // </doc:accuracy>

    /// <summary>The book's <c>evaluate_accuracy</c> (§3.6.5): accuracy of <paramref name="net"/> over a
    /// dataset.</summary>
    // <doc:evaluate-accuracy>
    public static double EvaluateAccuracy(Func<Tensor, Tensor> net, IEnumerable<Batch> dataIter)
    {
        using var metric = new Accumulator(2); // number of correct predictions, number of predictions
        using var noGrad = Tensor.NoGrad();
        foreach (var batch in dataIter)
        {
            using (batch)
            using (Tensor.Scope())
            {
                var (X, y) = batch;
                metric.Add(Accuracy(net(X), y), y.Numel);
            }
        }

        return metric[0] / metric[1];
    }
    // </doc:evaluate-accuracy>

    /// <summary>
    /// The book's <c>train_epoch_ch3</c> (§3.6.6): one pass over the training data; returns the mean training loss
    /// and accuracy. Each step runs in its own scope, so its tensors are released as soon as it ends. The accuracy is
    /// <paramref name="steps"/>' (a learner's, with <c>--workbook</c>), else the book's.
    /// </summary>
    // <doc:train-epoch>
    public static (double Loss, double Accuracy) TrainEpoch(Func<Tensor, Tensor> net, IEnumerable<Batch> trainIter,
        Func<Tensor, Tensor, Tensor> loss, IUpdater updater, ITrainingProgress? progress = null,
        ISoftmaxRegressionScratchSteps? steps = null)
    {
        Func<Tensor, Tensor, Tensor> accuracy = steps is null ? Accuracy : steps.Accuracy;
        using var metric = new Accumulator(3); // sum of losses, number correct, number of examples
        foreach (var batch in trainIter)
        {
            using (batch)
            using (Tensor.Scope())
            {
                var (X, y) = batch;
                var yHat = net(X);
                var l = loss(yHat, y);
                updater.Update(l, X.Shape[0]);
                metric.Add(l.Sum(), accuracy(yHat, y), y.Numel);
                progress?.Advance(y.Numel);
            }
        }

        return (metric[0] / metric[2], metric[1] / metric[2]);
    }
    // </doc:train-epoch>

    /// <summary>
    /// The book's <c>train_ch3</c> (§3.6.6): <paramref name="numEpochs"/> epochs, evaluating on the test set after
    /// each and drawing train loss, train accuracy and test accuracy with an <see cref="Animator"/>. Accuracy and
    /// evaluation are <paramref name="steps"/>' (a learner's, with <c>--workbook</c>), else the book's.
    /// </summary>
    // <doc:train>
    public static TrainingResult Train(Func<Tensor, Tensor> net, DataLoader trainIter, DataLoader testIter,
        Func<Tensor, Tensor, Tensor> loss, int numEpochs, IUpdater updater, LessonContext context, string lesson,
        string plotName = "train.svg", ISoftmaxRegressionScratchSteps? steps = null)
    {
        Func<Func<Tensor, Tensor>, IEnumerable<Batch>, double> evaluateAccuracy =
            steps is null ? EvaluateAccuracy : steps.EvaluateAccuracy;
        var plot = Path.Combine(context.OutputDirectory(lesson), plotName);
        // d2l's Animator starts y at [0.3, 0.9]; the chart grows the range when a curve leaves it.
        var animator = new Animator(plot, new LineChart(["train loss", "train acc", "test acc"], "epoch",
            "loss / accuracy", xLim: numEpochs > 1 ? (1, numEpochs) : (0.5, 1.5), yLim: (0.3, 0.9))
        {
            Title = $"{lesson}, {Path.GetFileNameWithoutExtension(plotName)}: " +
                $"{numEpochs} epoch{(numEpochs == 1 ? "" : "s")}",
            WholeNumberX = true,
        });
        var epochs = new List<EpochMetrics>();
        var epoch = 1;
        try
        {
            using var progress = context.Report.StartTraining(numEpochs, trainIter.Dataset.Count);
            for (; epoch <= numEpochs; epoch++)
            {
                var watch = Stopwatch.StartNew();
                var (trainLoss, trainAcc) = TrainEpoch(net, trainIter, loss, updater, progress, steps);
                var seconds = watch.Elapsed.TotalSeconds;
                var testAcc = evaluateAccuracy(net, testIter);
                animator.Add(epoch, trainLoss, trainAcc, testAcc);
                epochs.Add(new EpochMetrics(epoch, trainLoss, trainAcc, testAcc, seconds));
                progress.EndEpoch(epoch, new Dictionary<string, double>
                {
                    ["train loss"] = trainLoss,
                    ["train acc"] = trainAcc,
                    ["test acc"] = testAcc,
                });
                // The epoch's loss was read back above anyway: checking it here costs nothing per batch.
                var previous = epochs.Count > 1 ? epochs[^2].TrainLoss : (double?)null;
                Divergence.Check(context, epoch, "train loss", trainLoss, previous);
            }
        }
        catch (Exception e) when (e is TrainingDivergedException or OperationCanceledException)
        {
            // Leave the curve up to where the run stopped, and say in the figure's title why it ends there.
            animator.Note(e is TrainingDivergedException
                ? $"diverged in epoch {epoch}"
                : $"interrupted in epoch {epoch} of {numEpochs}");
            if (File.Exists(plot))
            {
                context.Report.Figure(plot, $"train loss, train accuracy and test accuracy up to epoch {epoch}");
            }

            throw;
        }

        context.Report.Figure(plot, "train loss, train accuracy and test accuracy per epoch");
        var result = new TrainingResult(epochs);
        // The book asserts these after the full recipe; a --quick run on a slice is not expected to pass them.
        var caveat = context.Options.Quick ? " (quick run on a slice; the book's recipe is 10 full epochs)" : "";
        foreach (var (check, passed) in result.BookChecks())
        {
            context.Report.Say($"book's check {check}: {(passed ? "holds" : "does not hold")}{caveat}");
        }

        return result;
    }
    // </doc:train>

    /// <summary>
    /// The book's <c>predict_ch3</c> (§3.6.7): the first <paramref name="n"/> test images with their true and
    /// predicted labels as titles ("true\npred"), written as an SVG grid; labels as Fashion-MNIST's unless
    /// <paramref name="textLabels"/> names another dataset's.
    /// </summary>
    // <doc:predict>
    public static SvgFigure Predict(Func<Tensor, Tensor> net, DataLoader testIter, int n = 6,
        Func<IEnumerable<int>, IReadOnlyList<string>>? textLabels = null)
    {
        using var batch = testIter.First();
        using var scope = Tensor.Scope();
        using var noGrad = Tensor.NoGrad();
        var (X, y) = batch;
        n = Math.Min(n, y.Numel);
        textLabels ??= FashionMnist.GetFashionMnistLabels;
        var trues = textLabels(y.ToArray<int>());
        var preds = textLabels(net(X).ArgMax(1).ToArray<int>());
        var titles = trues.Zip(preds, (t, p) => t + "\n" + p).Take(n).ToList();
        var colors = trues.Zip(preds, (t, p) => t == p ? null : "#d62728").Take(n).ToList(); // mistakes in red
        using var first = Tensor.FromArray(Enumerable.Range(0, n).ToArray(), X.Backend);
        return ImageDisplay.ShowImages(X.IndexSelect(0, first).Reshape(n, 28, 28), 1, n, titles,
            titleColors: colors, caption: "each title: true label / predicted label (red: a wrong prediction)");
    }
    // </doc:predict>

    /// <inheritdoc/>
    public LessonResult Run(LessonContext context)
    {
        steps = context.Steps.Get<ISoftmaxRegressionScratchSteps>();
        var o = context.Options;
        var (batchSize, lr, numEpochs) = Book.Resolve(o);
        var generator = new Generator(o.Seed);
        var (trainIter, testIter) = LessonData.Loaders(context, batchSize, generator);

        context.Report.Section("The book's softmax, and why the library's is different");
        using (Tensor.Scope())
        {
            // <doc:overflow>
            var logits = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 100, 0, -100 } });
            context.Report.Say($"Softmax as the book writes it, on [[1, 2, 3], [100, 0, -100]]:\n{Softmax(logits)}");
            context.Report.Say($"exp(100) overflows float32, so the second row is inf/inf = nan. The stable softmax " +
                $"subtracts each row's maximum first:\n{logits.Softmax()}");
            // </doc:overflow>
        }

        // If training diverges, the naive softmax above is the usual way in: say so next to the learning rate.
        context = context with
        {
            DivergenceCauses = [.. context.DivergenceCauses, "the book's softmax overflows once a logit passes ~88 " +
                "(exp is inf in float32), which large steps reach quickly"],
        };

        // <doc:init-and-train>
        // Initialise W ~ N(0, 0.01²) of shape (784, 10) and b = 0, as §3.6.1.
        const int numInputs = 784, numOutputs = 10;
        W = Tensor.Normal(0, 0.01, [numInputs, numOutputs], generator, requiresGrad: true);
        b = Tensor.Zeros([numOutputs], requiresGrad: true);
        var sgd = context.Steps.Get<ILinearRegressionScratchSteps>(); // the book's sgd of §3.2 (or yours)
        var updater = new ScratchUpdater(size => sgd.Sgd([W, b], lr, size));
        context.Report.Section($"Training: {numEpochs} epochs, batch {batchSize}, lr {lr}");
        var result = Train(Net, trainIter, testIter, Steps.CrossEntropy, numEpochs, updater, context, Name,
            steps: Steps);
        // </doc:init-and-train>

        var grid = Path.Combine(context.OutputDirectory(Name), "predictions.svg");
        Predict(Net, testIter, textLabels: LessonData.Images(context).TextLabels).Save(grid);
        context.Report.Figure(grid, "the first 6 test images, titled true label / predicted label, mistakes in red");
        return result.ToLessonResult(Name, numEpochs);
    }
}

/// <summary>One epoch's figures.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="TrainAcc">Training accuracy over the epoch.</param>
/// <param name="TestAcc">Test accuracy after the epoch.</param>
/// <param name="Seconds">Wall time of the epoch's training pass.</param>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double TrainAcc, double TestAcc, double Seconds);

/// <summary>The figures of a training run, epoch by epoch.</summary>
/// <param name="Epochs">Every epoch's figures, in order.</param>
public sealed record TrainingResult(IReadOnlyList<EpochMetrics> Epochs)
{
    /// <summary>The last epoch.</summary>
    public EpochMetrics Last => Epochs[^1];

    /// <summary>The checks <c>train_ch3</c> asserts: train loss &lt; 0.5, train and test accuracy in (0.7,
    /// 1].</summary>
    public IEnumerable<(string Check, bool Passed)> BookChecks()
    {
        var c = CultureInfo.InvariantCulture;
        yield return (string.Create(c, $"train loss {Last.TrainLoss:F4} < 0.5"), Last.TrainLoss < 0.5);
        yield return (string.Create(c, $"0.7 < train acc {Last.TrainAcc:F4} <= 1"), Last.TrainAcc is > 0.7 and <= 1);
        yield return (string.Create(c, $"0.7 < test acc {Last.TestAcc:F4} <= 1"), Last.TestAcc is > 0.7 and <= 1);
    }

    /// <summary>The figures <c>--json</c> prints.</summary>
    public LessonResult ToLessonResult(string lesson, int epochs) => new()
    {
        ["lesson"] = lesson,
        ["epochs"] = epochs,
        ["seconds_per_epoch"] = Epochs.Average(e => e.Seconds),
        ["train_loss"] = Last.TrainLoss,
        ["train_acc"] = Last.TrainAcc,
        ["test_acc"] = Last.TestAcc,
    };
}
