// Workbook: Linear regression, concisely — d2l 0.17 §3.3 / current edition §3.5.
//
// Replace each `throw` with your own code, then check your steps:
//     LESSONS_TARGET=workbook dotnet test tests/Lessons.Tests --filter Category=Workbook
// or see every lesson's progress at a glance:
//     dotnet run --project src/Lessons -- progress
// A step that still throws NotImplementedException is "not started", never a failure. The reference solution is
// src/Lessons/Chapter3/LinearRegressionConcise.cs (and LinearRegressionConcise.Steps.cs for the exercises).
using Lessons.Data;
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
            "hint: new DataLoader(new TensorDataset(dataArrays), batchSize, shuffle: isTrain, …) — see d2l §3.3.2");

    /// <summary>§3.3.3–3.3.4: Sequential(Linear(2, 1)), weight ~ N(0, 0.01²), bias 0.</summary>
    public Sequential CreateNet(Generator generator) =>
        throw new NotImplementedException(
            "hint: new Sequential(new Linear(2, 1)), then Init.Normal(weight, 0, 0.01, …), Init.Zeros(bias) — §3.3.4");

    /// <summary>Exercise of §3.3: the learning rate for a summed loss that trains like the mean loss at lr.</summary>
    public double SumLossLearningRate(double lr, int batchSize) =>
        throw new NotImplementedException(
            "hint: how much larger is the gradient of a sum of batchSize losses than that of their mean? — §3.3");

    /// <summary>Exercise of §3.3: Huber's robust loss per example, in place of the squared loss.</summary>
    public Tensor HuberLoss(Tensor yHat, Tensor y, double delta = 1) =>
        throw new NotImplementedException(
            "hint: d = yHat − y; Tensor.Where(|d| <= δ, d²/2, δ(|d| − δ/2)) — see §3.3's exercises");
}
