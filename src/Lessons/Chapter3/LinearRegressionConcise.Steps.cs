using Lessons.Data;
using Lessons.NN;
using Lessons.Random;
using Lessons.Steps;

namespace Lessons.Chapter3;

// The steps of this lesson a learner writes in the workbook (src/Lessons/Workbook/LinearRegressionConcise.cs): the
// step checks run them here, on the reference, in CI. The exercises' answers live here too, out of the lesson's way.
public sealed partial class LinearRegressionConcise : ILinearRegressionConciseSteps
{
    /// <summary>
    /// The answer to an exercise of §3.3: the summed loss's gradient is batchSize times the mean loss's, so the
    /// learning rate is divided by the batch size to take the same steps.
    /// </summary>
    public static double SumLossLearningRate(double lr, int batchSize) => lr / batchSize;

    /// <summary>
    /// The answer to an exercise of §3.3: Huber's loss per example, ½d² for |d| ≤ δ and δ(|d| − ½δ) beyond, with
    /// d = ŷ − y. It is the squared loss near the target and grows only linearly far from it, so its gradient is
    /// capped at ±δ and an outlier cannot pull the fit far.
    /// </summary>
    public static Tensor HuberLoss(Tensor yHat, Tensor y, double delta = 1)
    {
        var d = yHat - y.Reshape(yHat.Shape.ToArray());
        var absD = d.Abs();
        return Tensor.Where(absD <= delta, 0.5 * d.Square(), delta * (absD - (0.5 * delta)));
    }

    /// <summary>
    /// The answer to an exercise of §3.3: zero the gradients, one forward and backward pass of the mean squared
    /// loss, then read <c>net[0].Weight.Grad</c>. For ŷ = Xwᵀ + b it is (2/n)·(ŷ − y)ᵀX, the formula of §3.1 with
    /// torch's MSE (no ½, a mean).
    /// </summary>
    public static Tensor WeightGradient(Sequential net, Tensor X, Tensor y)
    {
        net.ZeroGrad(); // gradients accumulate: without this, a second call would add to the first
        new Losses.MseLoss().Forward(net.Forward(X), y).Backward();
        return net.Get<Linear>(0).Weight.Grad!;
    }

    Tensor ILinearRegressionConciseSteps.WeightGradient(Sequential net, Tensor X, Tensor y) =>
        WeightGradient(net, X, y);

    DataLoader ILinearRegressionConciseSteps.LoadArray(Tensor[] dataArrays, int batchSize, Generator generator,
        bool isTrain) => LoadArray(dataArrays, batchSize, generator, isTrain);

    Sequential ILinearRegressionConciseSteps.CreateNet(Generator generator) => CreateNet(generator);

    double ILinearRegressionConciseSteps.SumLossLearningRate(double lr, int batchSize) =>
        SumLossLearningRate(lr, batchSize);

    Tensor ILinearRegressionConciseSteps.HuberLoss(Tensor yHat, Tensor y, double delta) => HuberLoss(yHat, y, delta);
}
