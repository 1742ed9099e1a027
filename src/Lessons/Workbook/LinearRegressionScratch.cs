// Workbook: Linear regression from scratch — d2l 0.17 §3.2 / current edition §3.4.
//
// Replace each `throw` with your own code, then check your steps (read the section first; ask for a hint when stuck):
//     dotnet run --project src/Lessons -- check linreg-scratch --watch     (re-checks each time you save)
//     dotnet run --project src/Lessons -- hint linreg-scratch.<Step>        (the idea, then a nudge, then the code)
//     dotnet run --project src/Lessons -- run linreg-scratch --workbook     (your steps train on the real data)
// A step that still throws NotImplementedException is "not started", never a failure.
using Lessons.Random;
using Lessons.Steps;

namespace Lessons.Workbook;

/// <summary>Your linear regression from scratch (§3.2): only tensors and autograd.</summary>
public sealed class LinearRegressionScratch : ILinearRegressionScratchSteps
{
    /// <summary>§3.2.1, d2l's <c>synthetic_data</c>: X ~ N(0, 1), y = Xw + b + noise.</summary>
    public (Tensor Features, Tensor Labels) SyntheticData(Tensor w, double b, int numExamples, Generator generator,
        double noise = 0.01) =>
        throw new NotImplementedException(
            "hint: draw the features from a standard normal, compute each label from the true weights and " +
            "bias, and add a little normal noise, so the model has something to recover — the labels form a " +
            "column — d2l §3.2.1");

    /// <summary>§3.2.2, d2l's <c>data_iter</c>: minibatches in a random order.</summary>
    public IEnumerable<(Tensor X, Tensor y)> DataIter(int batchSize, Tensor features, Tensor labels,
        Generator generator) =>
        throw new NotImplementedException(
            "hint: an epoch visits every example once, in a fresh random order each time, a batch at a time; " +
            "the last batch is short when the batch size does not divide the number of examples — d2l §3.2.2");

    /// <summary>§3.2.4, d2l's <c>linreg</c>: the model ŷ = Xw + b.</summary>
    public Tensor Linreg(Tensor X, Tensor w, Tensor b) =>
        throw new NotImplementedException(
            "hint: the model is a weighted sum of the features plus the bias, for every example of the batch " +
            "at once — d2l §3.2.4");

    /// <summary>§3.2.5, d2l's <c>squared_loss</c>: (ŷ − y)²/2 per example.</summary>
    public Tensor SquaredLoss(Tensor yHat, Tensor y) =>
        throw new NotImplementedException(
            "hint: half the squared difference between prediction and label, one loss per example; the " +
            "prediction is a column and the labels may come as a flat vector, so bring them to the same shape " +
            "first — d2l §3.2.5");

    /// <summary>§3.2.6, d2l's <c>sgd</c>: one minibatch step, in place.</summary>
    public void Sgd(Tensor[] parameters, double lr, int batchSize) =>
        throw new NotImplementedException(
            "hint: each parameter takes a small step against its gradient; the loss was summed over the " +
            "batch, so divide by the batch size; do it without recording the step for autograd, and clear " +
            "each gradient afterwards so the next batch starts from zero — d2l §3.2.6");

    /// <summary>Exercise of §3.2: initialise w and b to zero — does training still work?</summary>
    public (Tensor w, Tensor b) InitZeroParams(int numInputs) =>
        throw new NotImplementedException(
            "hint: start the weights and the bias at zero instead of small random numbers; they must still be " +
            "leaves that autograd tracks — does training still reach the true values? — §3.2's exercises");

    /// <summary>Exercise of §3.2: what if n is not a multiple of the batch size? Leave the short batch out.</summary>
    public IEnumerable<(Tensor X, Tensor y)> DataIterDropLast(int batchSize, Tensor features, Tensor labels,
        Generator generator) =>
        throw new NotImplementedException(
            "hint: the same shuffled minibatches as the data iterator, but a last batch that would be short " +
            "is left out, so every batch has the same size — §3.2's exercises");

    /// <summary>Exercise of §3.2: Ohm's law — fit R in V = R·I with autograd.</summary>
    public double FitResistance(Tensor current, Tensor voltage) =>
        throw new NotImplementedException(
            "hint: Ohm's law is a linear model with one weight and no bias: the voltage is the resistance " +
            "times the current; start the resistance at zero and let autograd give the gradient of the " +
            "squared error, then step against it many times — §3.2's exercises");

    /// <summary>Exercise of §3.2: train at several learning rates; which diverges, and why?</summary>
    public double[] LearningRateSweep(double[] learningRates, int seed = 0) =>
        throw new NotImplementedException(
            "hint: run the book's training once per learning rate, everything else the same, and compare " +
            "where each ends: too small barely moves in three epochs, too large overshoots the minimum " +
            "further at every step until the numbers overflow — §3.2's exercises");
}
