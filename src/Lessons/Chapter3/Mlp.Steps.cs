using Lessons.Steps;

namespace Lessons.Chapter3;

// The steps of this lesson a learner writes in the workbook (src/Lessons/Workbook/Mlp.cs): the step checks run them
// here, on the reference, in CI.
public sealed partial class Mlp : IMlpSteps
{
    /// <summary>
    /// The answer to an exercise of §4.7: each gradient has the shape of its parameter — the batch size appears in
    /// none of them, because the loss sums (or averages) over the examples.
    /// </summary>
    public static int[][] GradientShapes(int batchSize, int numInputs, int numHiddens, int numOutputs) =>
        [[numInputs, numHiddens], [numHiddens], [numHiddens, numOutputs], [numOutputs]];

    /// <summary>
    /// The answer to an exercise of §4.7: the backward pass reads z and h (batchSize × numHiddens each) and o
    /// (batchSize × numOutputs): (2·numHiddens + numOutputs)·batchSize elements of dtype's size. Training keeps
    /// them until the backward pass; prediction can drop each as soon as the next layer is computed.
    /// </summary>
    public static long ActivationBytes(int batchSize, int numInputs, int numHiddens, int numOutputs, DType dtype) =>
        (long)batchSize * ((2L * numHiddens) + numOutputs) * dtype.SizeOf();

    Tensor IMlpSteps.Relu(Tensor X) => Relu(X);

    int[][] IMlpSteps.GradientShapes(int batchSize, int numInputs, int numHiddens, int numOutputs) =>
        GradientShapes(batchSize, numInputs, numHiddens, numOutputs);

    long IMlpSteps.ActivationBytes(int batchSize, int numInputs, int numHiddens, int numOutputs, DType dtype) =>
        ActivationBytes(batchSize, numInputs, numHiddens, numOutputs, dtype);

    TwoLayer IMlpSteps.BackpropByHand(TwoLayer p, Tensor X, Tensor y) => BackpropByHand(p, X, y);
}
