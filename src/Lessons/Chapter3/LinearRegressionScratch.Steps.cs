using Lessons.Random;
using Lessons.Steps;

namespace Lessons.Chapter3;

// The steps of this lesson a learner writes in the workbook (src/Lessons/Workbook/LinearRegressionScratch.cs): the
// step checks run them here, on the reference, in CI. The exercises' answers live here too, out of the lesson's way.
public sealed partial class LinearRegressionScratch : ILinearRegressionScratchSteps
{
    /// <summary>
    /// The answer to an exercise of §3.2: w = 0 and b = 0. Linear regression still trains — its loss is convex and
    /// the gradient Xᵀ(Xw + b − y) is not zero at w = 0; it is networks with hidden layers whose units would all stay
    /// alike (§4.8).
    /// </summary>
    public static (Tensor w, Tensor b) InitZeroParams(int numInputs) =>
        (Tensor.Zeros([numInputs, 1], requiresGrad: true), Tensor.Zeros([1], requiresGrad: true));

    /// <summary>
    /// The answer to an exercise of §3.2: <see cref="DataIter"/> without its short last batch (torch's
    /// <c>drop_last=True</c>), so every batch has the same size and the leftover examples wait for another epoch.
    /// </summary>
    public static IEnumerable<(Tensor X, Tensor y)> DataIterDropLast(int batchSize, Tensor features, Tensor labels,
        Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var numExamples = features.Shape[0];
        var indices = generator.Permutation(numExamples);
        for (var i = 0; i + batchSize <= numExamples; i += batchSize) // stop before a batch that would be short
        {
            using var index = Tensor.FromArray(indices[i..(i + batchSize)], features.Backend);
            yield return (features.IndexSelect(0, index), labels.IndexSelect(0, index));
        }
    }

    /// <summary>
    /// The answer to an exercise of §3.2 (Ohm's law, V = R·I): one parameter R, the squared loss of R·I against V,
    /// and gradient descent with autograd — the same recipe as w and b, for a model of one weight and no bias.
    /// </summary>
    public static double FitResistance(Tensor current, Tensor voltage)
    {
        var R = Tensor.Zeros([1], current.DType, current.Backend, requiresGrad: true);
        var lr = 0.5 / current.Square().Mean().Item(); // a step the curvature 2·mean(I²) allows
        for (var step = 0; step < 100; step++)
        {
            using var scope = Tensor.Scope();
            var l = (R * current - voltage).Square().Mean();
            l.Backward();
            using var noGrad = Tensor.NoGrad();
            R -= lr * R.Grad!;
            R.ZeroGrad();
        }

        return R.Item();
    }

    /// <summary>
    /// The answer to an exercise of §3.2: the book's run at each rate. At 0.003 it has barely moved after 3 epochs;
    /// 0.03 is the book's; 0.3 converges fast; at 3 each step overshoots the minimum by more than it corrects (the
    /// loss's curvature is about 1, so a rate above 2 makes every step grow), and the loss explodes to ∞ and NaN.
    /// </summary>
    public static double[] LearningRateSweep(double[] learningRates, int seed = 0) =>
        [.. learningRates.Select(lr => Train(new LinearRegressionOptions(Lr: lr, Seed: seed)).EpochLosses[^1])];

    double ILinearRegressionScratchSteps.FitResistance(Tensor current, Tensor voltage) =>
        FitResistance(current, voltage);

    double[] ILinearRegressionScratchSteps.LearningRateSweep(double[] learningRates, int seed) =>
        LearningRateSweep(learningRates, seed);

    (Tensor Features, Tensor Labels) ILinearRegressionScratchSteps.SyntheticData(Tensor w, double b,
        int numExamples, Generator generator, double noise) => SyntheticData(w, b, numExamples, generator, noise);

    IEnumerable<(Tensor X, Tensor y)> ILinearRegressionScratchSteps.DataIter(int batchSize, Tensor features,
        Tensor labels, Generator generator) => DataIter(batchSize, features, labels, generator);

    Tensor ILinearRegressionScratchSteps.Linreg(Tensor X, Tensor w, Tensor b) => Linreg(X, w, b);

    Tensor ILinearRegressionScratchSteps.SquaredLoss(Tensor yHat, Tensor y) => SquaredLoss(yHat, y);

    void ILinearRegressionScratchSteps.Sgd(Tensor[] parameters, double lr, int batchSize) =>
        Sgd(parameters, lr, batchSize);

    (Tensor w, Tensor b) ILinearRegressionScratchSteps.InitZeroParams(int numInputs) => InitZeroParams(numInputs);

    IEnumerable<(Tensor X, Tensor y)> ILinearRegressionScratchSteps.DataIterDropLast(int batchSize, Tensor features,
        Tensor labels, Generator generator) => DataIterDropLast(batchSize, features, labels, generator);
}
