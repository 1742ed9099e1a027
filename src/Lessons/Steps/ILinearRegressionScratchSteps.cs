using Lessons.Random;

namespace Lessons.Steps;

/// <summary>
/// The steps a learner writes for linear regression from scratch — d2l 0.17 §3.2 / current edition §3.4: the
/// book's functions, and two of the section's exercises.
/// </summary>
public interface ILinearRegressionScratchSteps
{
    /// <summary>
    /// d2l's <c>synthetic_data</c> (§3.2.1): features X ~ N(0, 1) of shape (n, len(w)), labels y = Xw + b + ε with
    /// ε ~ N(0, noise²), shape (n, 1); every draw comes from <paramref name="generator"/>.
    /// </summary>
    (Tensor Features, Tensor Labels) SyntheticData(Tensor w, double b, int numExamples, Generator generator,
        double noise = 0.01);

    /// <summary>
    /// d2l's <c>data_iter</c> (§3.2.2): every example once per pass, in a random order drawn from
    /// <paramref name="generator"/>, <paramref name="batchSize"/> at a time.
    /// </summary>
    IEnumerable<(Tensor X, Tensor y)> DataIter(int batchSize, Tensor features, Tensor labels, Generator generator);

    /// <summary>d2l's <c>linreg</c> (§3.2.4): the model ŷ = Xw + b.</summary>
    Tensor Linreg(Tensor X, Tensor w, Tensor b);

    /// <summary>d2l's <c>squared_loss</c> (§3.2.5): (ŷ − y)²/2 per example, y reshaped to ŷ's shape.</summary>
    Tensor SquaredLoss(Tensor yHat, Tensor y);

    /// <summary>
    /// d2l's <c>sgd</c> (§3.2.6): in place and without recording gradients, each parameter −= lr · grad / batchSize;
    /// then its gradient is cleared.
    /// </summary>
    void Sgd(Tensor[] parameters, double lr, int batchSize);

    /// <summary>
    /// An exercise of §3.2: w and b initialised to zero instead of w ~ N(0, 0.01²) — shapes (numInputs, 1) and (1),
    /// both requiring gradients.
    /// </summary>
    (Tensor w, Tensor b) InitZeroParams(int numInputs);

    /// <summary>
    /// An exercise of §3.2: when the number of examples is not a multiple of the batch size, <c>data_iter</c>'s last
    /// batch is short; this version leaves that short batch out (torch's <c>drop_last=True</c>).
    /// </summary>
    IEnumerable<(Tensor X, Tensor y)> DataIterDropLast(int batchSize, Tensor features, Tensor labels,
        Generator generator);

    /// <summary>
    /// An exercise of §3.2 (Ohm's law): the resistance R of the model V = R·I fitted to measured currents
    /// <paramref name="current"/> and voltages <paramref name="voltage"/> (both of shape (n)) by gradient descent
    /// with autograd on the squared loss, starting from R = 0.
    /// </summary>
    double FitResistance(Tensor current, Tensor voltage);

    /// <summary>
    /// An exercise of §3.2: the book's training (its synthetic data from seed <paramref name="seed"/>, 3 epochs,
    /// batch 10, w ~ N(0, 0.01²), b = 0) once per learning rate of <paramref name="learningRates"/>; returns the mean
    /// squared loss ½(ŷ − y)² over the whole dataset after the last epoch, per rate (NaN or ∞ where it diverged).
    /// </summary>
    double[] LearningRateSweep(double[] learningRates, int seed = 0);
}
