// Workbook: Linear regression, concisely — d2l 0.17 §3.3 / current edition §3.5.
//
// Replace each `throw` with your own code, then check your steps (read the section first; ask for a hint when stuck):
//     dotnet run --project src/Lessons -- check linreg-concise --watch     (re-checks each time you save)
//     dotnet run --project src/Lessons -- hint linreg-concise.<Step>        (the idea, then a nudge, then the code)
//     dotnet run --project src/Lessons -- run linreg-concise --workbook     (your steps train on the real data)
// A step that still throws NotImplementedException is "not started", never a failure.
using Lessons.Data;
using Lessons.Losses;
using Lessons.NN;
using Lessons.Random;
using Lessons.Steps;

namespace Lessons.Workbook;

/// <summary>Your concise linear regression (§3.3): the library's loader and layers, and two exercises.</summary>
public sealed class LinearRegressionConcise : ILinearRegressionConciseSteps
{
    /// <summary>§3.3.2, d2l's <c>load_array</c>: a data loader over tensors.</summary>
    public DataLoader LoadArray(Tensor[] dataArrays, int batchSize, Generator generator, bool isTrain = true) =>
        throw new NotImplementedException(
            "hint: the library already has a data loader: wrap the tensors in a dataset and let the loader " +
            "cut it into minibatches, shuffled when training and in order otherwise — d2l §3.3.2");

    /// <summary>§3.3.3–3.3.4: Sequential(Linear(2, 1)), weight ~ N(0, 0.01²), bias 0.</summary>
    public Sequential CreateNet(Generator generator) =>
        throw new NotImplementedException(
            "hint: a network of one fully connected layer from two inputs to one output, its weights drawn " +
            "small and its bias zero, as the book initialises them — d2l §3.3.3 and §3.3.4");

    /// <summary>Exercise of §3.3: the learning rate for a summed loss that trains like the mean loss at lr.</summary>
    public double SumLossLearningRate(double lr, int batchSize) =>
        throw new NotImplementedException(
            "hint: the gradient of a sum of losses is the batch size times the gradient of their mean; to " +
            "take the same steps, the learning rate must shrink by the same factor — §3.3's exercises");

    /// <summary>Exercise of §3.3: Huber's robust loss per example, in place of the squared loss.</summary>
    public Tensor HuberLoss(Tensor yHat, Tensor y, double delta = 1) =>
        throw new NotImplementedException(
            "hint: Huber's loss is quadratic for small errors and linear for large ones, so an outlier pulls " +
            "with a capped force; the two pieces meet smoothly where the error equals delta — §3.3's " +
            "exercises");

    /// <summary>Exercise of §3.3: read the gradient of net[0]'s weight after a backward pass.</summary>
    public Tensor WeightGradient(Sequential net, Tensor X, Tensor y) =>
        throw new NotImplementedException(
            "hint: after one backward pass the gradient sits on the layer's weight, as in torch; but " +
            "gradients add up from pass to pass, so clear them first, or a second call reports twice the " +
            "gradient — §3.3's exercises");
}
