using Lessons.Framework;
using Lessons.Losses;
using Lessons.NN;
using Lessons.Optim;
using Lessons.Random;

namespace Lessons.Chapter3;

/// <summary>
/// Softmax regression, concisely — d2l 0.17 §3.7 / current edition §4.5: the same model from library parts, a
/// <c>Sequential(Flatten(), Linear(784, 10))</c>, a cross-entropy loss that is stable by construction (log-sum-exp,
/// never softmax then log), and SGD from the optimizer library; trained by the same <c>train_ch3</c>.
/// </summary>
public sealed partial class SoftmaxRegressionConcise : ILesson
{
    /// <inheritdoc/>
    public string Name => "softmax-concise";

    /// <inheritdoc/>
    public string Title => "Softmax regression, concisely";

    /// <inheritdoc/>
    public string Sections => "3.7 / 4.5";

    /// <inheritdoc/>
    public IReadOnlyList<Hyperparameters> Defaults => [SoftmaxRegressionScratch.Book];

    /// <inheritdoc/>
    public IReadOnlyList<string> Datasets => LessonDatasets.Grayscale28;

    /// <summary>The network of §3.7.1: flatten each 1 × 28 × 28 image to 784 inputs, then one linear layer.</summary>
    // <doc:create-net>
    public static Sequential CreateNet(Generator generator)
    {
        var net = new Sequential(new Flatten(), new Linear(784, 10, generator: generator));
        net.Apply(module => InitWeights(module, generator));
        return net;
    }
    // </doc:create-net>

    /// <summary>The book's <c>init_weights</c>: every Linear layer's weight ~ N(0, 0.01²).</summary>
    // <doc:init-weights>
    public static void InitWeights(Module module, Generator generator)
    {
        if (module is Linear linear)
        {
            Init.Normal(linear.Weight, 0, 0.01, generator);
        }
    }
    // </doc:init-weights>

    /// <inheritdoc/>
    public LessonResult Run(LessonContext context)
    {
        var o = context.Options;
        var (batchSize, lr, numEpochs) = SoftmaxRegressionScratch.Book.Resolve(o);
        var generator = new Generator(o.Seed);
        var (trainIter, testIter) = LessonData.Loaders(context, batchSize, generator);
        var net = CreateNet(generator);
        context.Report.Say($"net = {net}");

        // <doc:loss-and-trainer>
        // Reduction None: train_ch3 sums the per-example losses for its report and takes their mean to update.
        var loss = new CrossEntropyLoss(reduction: Reduction.None);
        var trainer = new Sgd(net.Parameters(), lr);
        context.Report.Section($"Training: {numEpochs} epochs, batch {batchSize}, lr {lr}");
        var result = SoftmaxRegressionScratch.Train(net.Forward, trainIter, testIter, loss.Forward, numEpochs,
            new OptimizerUpdater(trainer), context, Name);
        // </doc:loss-and-trainer>
        return result.ToLessonResult(Name, numEpochs);
    }
}
