using System.Globalization;
using Lessons.Data;
using Lessons.Framework;
using Lessons.Losses;
using Lessons.NN;
using Lessons.Optim;
using Lessons.Random;
using Lessons.Steps;

namespace Lessons.Chapter3;

/// <summary>
/// Linear regression, concisely — d2l 0.17 §3.3 / current edition §3.5: the data loader, a
/// <c>Sequential(Linear(2, 1))</c>, <c>MseLoss</c> and <c>Sgd</c> from the library, and the section's exercises
/// answered in code: the learning rate when the loss is summed instead of averaged, Huber loss, and reading a
/// layer's gradient.
/// </summary>
public sealed partial class LinearRegressionConcise : ILesson
{
    /// <inheritdoc/>
    public string Name => "linreg-concise";

    /// <inheritdoc/>
    public string Title => "Linear regression, concisely";

    /// <inheritdoc/>
    public string Sections => "3.3 / 3.5";

    /// <inheritdoc/>
    public IReadOnlyList<Hyperparameters> Defaults => [LinearRegressionScratch.Book];

    /// <summary>d2l's <c>load_array</c> (§3.3.2): a loader over (features, labels), shuffled when training.</summary>
    // <doc:load-array>
    public static DataLoader LoadArray(Tensor[] dataArrays, int batchSize, Generator generator, bool isTrain = true) =>
        RegressionData.LoadArray(dataArrays, batchSize, isTrain, generator);
    // </doc:load-array>

    /// <summary>The model of §3.3.3, initialised as §3.3.4: w ~ N(0, 0.01²), b = 0.</summary>
    // <doc:create-net>
    public static Sequential CreateNet(Generator generator)
    {
        var net = new Sequential(new Linear(2, 1, generator: generator));
        Init.Normal(net.Get<Linear>(0).Weight, 0, 0.01, generator);
        Init.Zeros(net.Get<Linear>(0).Bias!);
        return net;
    }
    // </doc:create-net>

    /// <summary>
    /// The training loop of §3.3.7 for any loss: for each minibatch, l = loss(net(X), y); zero the gradients;
    /// backward; step. Returns the trained net's weight and bias.
    /// </summary>
    public static (double[] W, double B, double FinalLoss) Train(Loss loss, double lr, int numEpochs, int batchSize,
        int seed, ILinearRegressionConciseSteps? steps = null)
    {
        // The book's load_array and net (or yours, with --workbook).
        Func<Tensor[], int, Generator, bool, DataLoader> LoadArray = (steps ?? new LinearRegressionConcise()).LoadArray;
        Func<Generator, Sequential> CreateNet = (steps ?? new LinearRegressionConcise()).CreateNet;
        var generator = new Generator(seed);
        using var trueW = Tensor.FromArray(new[] { 2f, -3.4f });
        var (features, labels) = RegressionData.SyntheticData(trueW, LinearRegressionScratch.TrueB, 1000, generator);
        // <doc:train>
        var dataIter = LoadArray([features, labels], batchSize, generator, true);
        var net = CreateNet(generator);
        var trainer = new Sgd(net.Parameters(), lr);
        for (var epoch = 0; epoch < numEpochs; epoch++)
        {
            foreach (var batch in dataIter)
            {
                using (batch)
                using (Tensor.Scope())
                {
                    var (X, y) = batch;
                    var l = loss.Forward(net.Forward(X), y);
                    trainer.ZeroGrad();
                    l.Backward();
                    trainer.Step();
                }
            }
        }
        // </doc:train>

        using var noGrad = Tensor.NoGrad();
        var finalLoss = new MseLoss().Forward(net.Forward(features), labels).Item() / 2; // the book prints l / 2
        var linear = net.Get<Linear>(0);
        return (linear.Weight.ToDoubles(), linear.Bias!.Item(), finalLoss);
    }

    /// <inheritdoc/>
    public LessonResult Run(LessonContext context)
    {
        var o = context.Options;
        var c = CultureInfo.InvariantCulture;
        var (batchSize, lr, numEpochs) = LinearRegressionScratch.Book.Resolve(o);
        context.Report.Section($"MseLoss and Sgd: {numEpochs} epochs, batch {batchSize}, lr {lr}");
        var (w, b, loss) = Train(new MseLoss(), lr, numEpochs, batchSize, o.Seed,
            context.Steps.Get<ILinearRegressionConciseSteps>());
        Divergence.Check(context, numEpochs, "training loss", loss);
        var wError = Math.Max(Math.Abs(2 - w[0]), Math.Abs(-3.4 - w[1]));
        var bError = Math.Abs(LinearRegressionScratch.TrueB - b);
        context.Report.Say(string.Create(c, $"w = [{w[0]:F4}, {w[1]:F4}], b = {b:F4}; loss {loss:E3}"));

        context.Report.Section("Exercise 1: a summed loss needs the learning rate divided by the batch size");
        // <doc:exercise-sum>
        var (wSum, bSum, _) = Train(new MseLoss(Reduction.Sum), lr / batchSize, numEpochs, batchSize, o.Seed);
        // </doc:exercise-sum>
        context.Report.Say(string.Create(c,
            $"MseLoss(Sum) with lr {lr}/{batchSize}: w = [{wSum[0]:F4}, {wSum[1]:F4}], b = {bSum:F4} " +
            $"— the same updates"));

        context.Report.Section("Exercise 2: Huber loss instead of squared loss");
        context.Report.Say("Huber's gradient is capped at ±1 where |ŷ − y| > 1, so the first steps from w = 0 are "
            + "smaller: with the same learning rate it is still on its way after 3 epochs, and an outlier could not "
            + "pull it far.");
        // <doc:exercise-huber>
        var (wHuber, bHuber, _) = Train(new HuberLoss(delta: 1), lr, numEpochs, batchSize, o.Seed);
        // </doc:exercise-huber>
        context.Report.Say(string.Create(c, $"HuberLoss: w = [{wHuber[0]:F4}, {wHuber[1]:F4}], b = {bHuber:F4}"));

        context.Report.Section("Exercise 3: reading the gradient of the linear layer");
        using (Tensor.Scope())
        {
            var generator = new Generator(o.Seed);
            var net = CreateNet(generator);
            // <doc:exercise-grad>
            var X = Tensor.Normal(0, 1, [batchSize, 2], generator);
            var y = Tensor.Normal(0, 1, [batchSize, 1], generator);
            new MseLoss().Forward(net.Forward(X), y).Backward();
            context.Report.Say($"net[0].Weight.Grad = {net.Get<Linear>(0).Weight.Grad}");
            // </doc:exercise-grad>
        }

        return new LessonResult
        {
            ["lesson"] = Name,
            ["epochs"] = numEpochs,
            ["loss"] = loss,
            ["w_error"] = wError,
            ["b_error"] = bError,
        };
    }
}
