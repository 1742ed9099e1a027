using System.Diagnostics;
using System.Globalization;
using Lessons.Autograd;
using Lessons.Data;
using Lessons.Framework;
using Lessons.Losses;
using Lessons.NN;
using Lessons.Optim;
using Lessons.Random;
using Lessons.Steps;

namespace Lessons.Chapter3;

/// <summary>
/// Back-propagation and a first multilayer perceptron — d2l 0.17 §4.7 / current edition §5.3, with the MLP of
/// §4.2–4.3 and the seed notes: the backward pass of a two-layer ReLU network written out with the chain rule and
/// checked against autograd, then two MLPs trained on Fashion-MNIST — or, with <c>--dataset mnist</c>, on the MNIST
/// digits, where the seed notes' MLP follows the notes' recipe exactly (<see cref="TrainNotesRecipe"/>).
/// </summary>
public sealed partial class Mlp : ILesson
{
    /// <inheritdoc/>
    public string Name => "mlp";

    /// <inheritdoc/>
    public string Title => "Back-propagation and a first MLP";

    /// <inheritdoc/>
    public string Sections => "4.7 / 5.3";

    /// <summary>d2l's MLP (§4.2): 10 epochs, batch 256, SGD lr 0.1.</summary>
    public static Hyperparameters D2l { get; } = new("d2l's MLP", Epochs: 10, QuickEpochs: 2, BatchSize: 256, Lr: 0.1);

    /// <summary>The seed notes' MLP: 5 epochs, batch 64, Adam lr 0.001.</summary>
    public static Hyperparameters Notes { get; } =
        new("the notes' MLP", Epochs: 5, QuickEpochs: 1, BatchSize: 64, Lr: 1e-3);

    /// <inheritdoc/>
    public IReadOnlyList<Hyperparameters> Defaults => [D2l, Notes];

    /// <inheritdoc/>
    public IReadOnlyList<string> Datasets => LessonDatasets.Grayscale28;

    /// <summary>The parameters of a two-layer network o = relu(X·W1 + b1)·W2 + b2.</summary>
    /// <param name="W1">Hidden weights (inputs, hidden).</param>
    /// <param name="b1">Hidden bias (hidden).</param>
    /// <param name="W2">Output weights (hidden, outputs).</param>
    /// <param name="b2">Output bias (outputs).</param>
    public sealed record TwoLayer(Tensor W1, Tensor b1, Tensor W2, Tensor b2)
    {
        /// <summary>The forward pass, keeping what the backward pass needs: z = XW1 + b1, h = relu(z), o = hW2 +
        /// b2.</summary>
        // <doc:forward>
        public (Tensor Z, Tensor H, Tensor O) Forward(Tensor X)
        {
            var z = X.MatMul(W1) + b1;
            var h = z.Relu();
            return (z, h, h.MatMul(W2) + b2);
        }
        // </doc:forward>
    }

    /// <summary>
    /// The backward pass by hand (§4.7.3), for the mean cross-entropy of n examples. Each line is one step of the
    /// chain rule, from the loss back to the first layer:
    /// ∂L/∂o = (softmax(o) − y)/n; ∂L/∂W2 = hᵀ·∂L/∂o; ∂L/∂b2 = Σ ∂L/∂o; ∂L/∂h = ∂L/∂o·W2ᵀ; ∂L/∂z = ∂L/∂h ⊙ 1[z &gt; 0];
    /// ∂L/∂W1 = Xᵀ·∂L/∂z; ∂L/∂b1 = Σ ∂L/∂z.
    /// </summary>
    // <doc:backprop-by-hand>
    public static TwoLayer BackpropByHand(TwoLayer p, Tensor X, Tensor y)
    {
        using var noGrad = Tensor.NoGrad();
        var n = X.Shape[0];
        var (z, h, o) = p.Forward(X);
        var dO = (o.Softmax() - Tensor.OneHot(y, o.Shape[1], o.DType)) / n;
        var dW2 = h.T.MatMul(dO);
        var db2 = dO.Sum(0);
        var dH = dO.MatMul(p.W2.T);
        var dZ = dH * (z > 0);
        var dW1 = X.T.MatMul(dZ);
        var db1 = dZ.Sum(0);
        return new TwoLayer(dW1, db1, dW2, db2);
    }
    // </doc:backprop-by-hand>

    /// <summary>d2l's <c>relu</c> from scratch (§4.2.2): max(X, 0).</summary>
    // <doc:relu>
    public static Tensor Relu(Tensor X) => Tensor.Maximum(X, Tensor.ZerosLike(X));
    // </doc:relu>

    /// <summary>The seed notes' network: Flatten, Linear(784, 128), ReLU, Linear(128, 10).</summary>
    // <doc:notes-net>
    public static Sequential CreateNotesNet(Generator generator) =>
        new(new Flatten(), new Linear(784, 128, generator: generator), new ReLU(),
            new Linear(128, 10, generator: generator));
    // </doc:notes-net>

    /// <inheritdoc/>
    public LessonResult Run(LessonContext context)
    {
        var o = context.Options;
        var generator = new Generator(o.Seed);
        var result = new LessonResult { ["lesson"] = Name };

        context.Report.Section("The chain rule by hand, against autograd");
        var (byHand, check) = CompareWithAutograd(generator, context.Steps.Get<IMlpSteps>());
        context.Report.Value("max |by hand − autograd| over every gradient", byHand);
        context.Report.Say(check.Passed
            ? $"GradCheck: all {check.EntriesChecked} Jacobian entries agree with central differences."
            : $"GradCheck: {check.Failure}");
        result["backprop_error"] = byHand;

        context.Report.Section("d2l's MLP from scratch: 784-256-10, ReLU, SGD lr 0.1, batch 256");
        var scratch = TrainScratchMlp(context, generator);
        result["d2l_test_acc"] = scratch.Last.TestAcc;

        context.Report.Section(o.Dataset == LessonDatasets.Mnist
            ? "The seed notes' MLP on MNIST, their recipe exactly: 784-128-10, Adam lr 1e-3, batch 64, 5 epochs"
            : "The seed notes' MLP: 784-128-10, Adam lr 1e-3, batch 64");
        var notes = TrainNotesMlp(context, generator);
        foreach (var (key, value) in notes.ToLessonResult(Name, notes.Epochs.Count))
        {
            result[key] = value;
        }

        return result;
    }

    /// <summary>The largest difference between hand-derived and autograd gradients, and a GradCheck of the
    /// net.</summary>
    public static (double MaxDifference, GradCheckReport Check) CompareWithAutograd(Generator generator,
        IMlpSteps? steps = null)
    {
        Func<TwoLayer, Tensor, Tensor, TwoLayer> BackpropByHand = (steps ?? new Mlp()).BackpropByHand;
        using var scope = Tensor.Scope();
        var X = Tensor.Normal(0, 1, [8, 5], generator, DType.Float64);
        var y = Tensor.FromArray(new[] { 0, 1, 2, 0, 1, 2, 0, 1 });
        var p = new TwoLayer(Tensor.Normal(0, 0.5, [5, 4], generator, DType.Float64, requiresGrad: true),
            Tensor.Normal(0, 0.5, [4], generator, DType.Float64, requiresGrad: true),
            Tensor.Normal(0, 0.5, [4, 3], generator, DType.Float64, requiresGrad: true),
            Tensor.Normal(0, 0.5, [3], generator, DType.Float64, requiresGrad: true));
        // <doc:compare>
        Functional.CrossEntropy(p.Forward(X).O, y).Backward();
        var hand = BackpropByHand(p, X, y);
        var pairs = new[] { (hand.W1, p.W1), (hand.b1, p.b1), (hand.W2, p.W2), (hand.b2, p.b2) };
        var difference = pairs.Max(pair => (pair.Item1 - pair.Item2.Grad!).Abs().Max().Item());
        // </doc:compare>
        var check = GradCheck.Check(
            t => Functional.CrossEntropy(new TwoLayer(t[1], t[2], t[3], t[4]).Forward(t[0]).O, t[5]),
            [X, p.W1.Detach(), p.b1.Detach(), p.W2.Detach(), p.b2.Detach(), y]);
        return (difference, check);
    }

    private static TrainingResult TrainScratchMlp(LessonContext context, Generator generator)
    {
        var steps = context.Steps.Get<IMlpSteps>();
        var o = context.Options;
        var (batchSize, lr, numEpochs) = D2l.Resolve(o);
        var (trainIter, testIter) = LessonData.Loaders(context, batchSize, generator);
        // <doc:scratch-mlp>
        const int numInputs = 784, numOutputs = 10, numHiddens = 256;
        var p = new TwoLayer(
            Tensor.Normal(0, 0.01, [numInputs, numHiddens], generator, requiresGrad: true),
            Tensor.Zeros([numHiddens], requiresGrad: true),
            Tensor.Normal(0, 0.01, [numHiddens, numOutputs], generator, requiresGrad: true),
            Tensor.Zeros([numOutputs], requiresGrad: true));
        Tensor Net(Tensor X) => Relu(X.Reshape(-1, numInputs).MatMul(p.W1) + p.b1).MatMul(p.W2) + p.b2;
        Tensor Relu(Tensor X) => steps.Relu(X); // the book's relu of §4.2.2 (or yours, with --workbook)
        var loss = new CrossEntropyLoss(reduction: Reduction.None);
        var updater = new OptimizerUpdater(new Sgd([p.W1, p.b1, p.W2, p.b2], lr));
        // </doc:scratch-mlp>
        return SoftmaxRegressionScratch.Train(Net, trainIter, testIter, loss.Forward, numEpochs, updater, context,
            "mlp", "train-d2l.svg");
    }

    private static TrainingResult TrainNotesMlp(LessonContext context, Generator generator)
    {
        var o = context.Options;
        var (batchSize, lr, numEpochs) = Notes.Resolve(o);
        if (o.Dataset == LessonDatasets.Mnist)
        {
            // The notes' data: MNIST, ToTensor then Normalize((0.1307,), (0.3081,)), shuffled batches of 64.
            var (mnistTrain, mnistTest) = LessonData.Loaders(context, batchSize, generator, Normalize.Mnist);
            return TrainNotesRecipe(CreateNotesNet(generator), mnistTrain, mnistTest, lr, numEpochs, context);
        }

        var (trainIter, testIter) = LessonData.Loaders(context, batchSize, generator);
        // <doc:notes-train>
        var net = CreateNotesNet(generator);
        var loss = new CrossEntropyLoss(reduction: Reduction.None);
        var updater = new OptimizerUpdater(new Adam(net.Parameters(), lr));
        // </doc:notes-train>
        context.Report.Say(string.Create(CultureInfo.InvariantCulture, $"net = {net}"));
        return SoftmaxRegressionScratch.Train(net.Forward, trainIter, testIter, loss.Forward, numEpochs, updater,
            context, "mlp", "train-notes.svg");
    }

    /// <summary>
    /// The seed notes' training loop on MNIST, line for line: Adam(lr), CrossEntropyLoss, for each batch zero_grad,
    /// forward, loss, backward, step, and every 100th batch <c>Epoch: e | Batch: b | Loss: l</c>. The notes stop
    /// there; the lesson also keeps each epoch's mean loss and accuracy and measures the test accuracy after it
    /// (none of which changes the training).
    /// </summary>
    public static TrainingResult TrainNotesRecipe(Sequential model, DataLoader trainLoader, DataLoader testLoader,
        double lr, int numEpochs, LessonContext context)
    {
        var c = CultureInfo.InvariantCulture;
        context.Report.Say(string.Create(c, $"net = {model}, Adam lr {lr}, epochs: {numEpochs}"));
        var epochs = new List<EpochMetrics>();
        // <doc:notes-recipe>
        var optimizer = new Adam(model.Parameters(), lr);
        var criterion = new CrossEntropyLoss();
        for (var epoch = 0; epoch < numEpochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            using var metric = new Accumulator(3); // sum of losses, number correct, number of examples
            var batchIdx = 0;
            foreach (var batch in trainLoader)
            {
                using (batch)
                using (Tensor.Scope())
                {
                    var (data, target) = batch;
                    optimizer.ZeroGrad();
                    var output = model.Forward(data);
                    var loss = criterion.Forward(output, target);
                    loss.Backward();
                    optimizer.Step();
                    if (batchIdx % 100 == 0)
                    {
                        context.Report.Say(
                            string.Create(c, $"Epoch: {epoch} | Batch: {batchIdx} | Loss: {loss.Item():F4}"));
                    }

                    metric.Add(loss * target.Numel, SoftmaxRegressionScratch.Accuracy(output, target), target.Numel);
                }

                batchIdx++;
            }

            var seconds = watch.Elapsed.TotalSeconds;
            var testAcc = SoftmaxRegressionScratch.EvaluateAccuracy(model.Forward, testLoader);
            epochs.Add(new EpochMetrics(epoch + 1, metric[0] / metric[2], metric[1] / metric[2], testAcc, seconds));
            context.Report.Say(string.Create(c,
                $"epoch {epoch}: mean loss {metric[0] / metric[2]:F4}, train acc {metric[1] / metric[2]:F4}, " +
                $"test acc {testAcc:F4} ({seconds:F1} s)"));
        }
        // </doc:notes-recipe>

        return new TrainingResult(epochs);
    }
}
