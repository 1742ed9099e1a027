using Lessons.Chapter3;

namespace Lessons.Steps;

/// <summary>
/// The steps a learner writes for back-propagation and a first MLP — d2l 0.17 §4.2 and §4.7 / current edition §5.2
/// and §5.3.
/// </summary>
public interface IMlpSteps
{
    /// <summary>d2l's <c>relu</c> from scratch (§4.2.2): max(X, 0), element by element.</summary>
    Tensor Relu(Tensor X);

    /// <summary>
    /// The backward pass by hand (§4.7.3): the gradients of the mean cross-entropy of the two-layer network
    /// o = relu(X·W1 + b1)·W2 + b2 against labels <paramref name="y"/>, for each of its four parameters.
    /// </summary>
    Mlp.TwoLayer BackpropByHand(Mlp.TwoLayer p, Tensor X, Tensor y);

    /// <summary>
    /// An exercise of §4.7: the shapes of the four gradients ∂L/∂W1, ∂L/∂b1, ∂L/∂W2, ∂L/∂b2 of the two-layer network
    /// with <paramref name="numInputs"/> inputs, <paramref name="numHiddens"/> hidden units and
    /// <paramref name="numOutputs"/> outputs, trained on minibatches of <paramref name="batchSize"/> examples.
    /// </summary>
    int[][] GradientShapes(int batchSize, int numInputs, int numHiddens, int numOutputs);

    /// <summary>
    /// An exercise of §4.7: the memory, in bytes, of the activations the backward pass of the two-layer network
    /// reads for one minibatch — z, h and o — with elements of <paramref name="dtype"/>.
    /// </summary>
    long ActivationBytes(int batchSize, int numInputs, int numHiddens, int numOutputs, DType dtype);
}
