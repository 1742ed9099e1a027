using Lessons.Data;
using Lessons.NN;
using Lessons.Random;

namespace Lessons.Steps;

/// <summary>
/// The steps a learner writes for concise linear regression — d2l 0.17 §3.3 / current edition §3.5: the data
/// loader and the model from the library, and two of the section's exercises.
/// </summary>
public interface ILinearRegressionConciseSteps
{
    /// <summary>
    /// d2l's <c>load_array</c> (§3.3.2): a <see cref="DataLoader"/> over the tensors of
    /// <paramref name="dataArrays"/>, reshuffled every epoch (by <paramref name="generator"/>) when
    /// <paramref name="isTrain"/>.
    /// </summary>
    DataLoader LoadArray(Tensor[] dataArrays, int batchSize, Generator generator, bool isTrain = true);

    /// <summary>
    /// The model of §3.3.3–3.3.4: <c>Sequential(Linear(2, 1))</c> with weight ~ N(0, 0.01²) and bias 0.
    /// </summary>
    Sequential CreateNet(Generator generator);

    /// <summary>
    /// An exercise of §3.3: the learning rate that makes training with a loss summed over the minibatch take the same
    /// steps as training with the mean loss at <paramref name="lr"/>.
    /// </summary>
    double SumLossLearningRate(double lr, int batchSize);

    /// <summary>
    /// An exercise of §3.3: Huber's robust loss per example, in place of the squared loss: ½d² where |d| ≤ δ and
    /// δ(|d| − ½δ) elsewhere, with d = ŷ − y and y reshaped to ŷ's shape.
    /// </summary>
    Tensor HuberLoss(Tensor yHat, Tensor y, double delta = 1);

    /// <summary>
    /// An exercise of §3.3: the gradient of <c>MseLoss</c> (mean reduction) of <paramref name="net"/> on
    /// (<paramref name="X"/>, <paramref name="y"/>) with respect to the weight of its first layer, read from
    /// <c>net[0].Weight.Grad</c> after one backward pass — the same whenever it is called.
    /// </summary>
    Tensor WeightGradient(Sequential net, Tensor X, Tensor y);
}
