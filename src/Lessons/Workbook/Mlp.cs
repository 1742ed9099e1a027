// Workbook: Back-propagation and a first MLP — d2l 0.17 §4.2 and §4.7 / current edition §5.2 and §5.3.
//
// Replace each `throw` with your own code, then check your steps (read the section first; ask for a hint when stuck):
//     dotnet run --project src/Lessons -- check mlp --watch     (re-checks each time you save)
//     dotnet run --project src/Lessons -- hint mlp.<Step>        (the idea, then a nudge, then the code)
//     dotnet run --project src/Lessons -- run mlp --workbook     (your steps train on the real data)
// A step that still throws NotImplementedException is "not started", never a failure.
using Lessons.Steps;

namespace Lessons.Workbook;

/// <summary>Your MLP steps: ReLU from scratch and the backward pass of a two-layer network by hand.</summary>
public sealed class Mlp : IMlpSteps
{
    /// <summary>§4.2.2, d2l's <c>relu</c>: max(X, 0).</summary>
    public Tensor Relu(Tensor X) =>
        throw new NotImplementedException(
            "hint: the rectified linear unit keeps a positive input as it is and turns a negative one into " +
            "zero, element by element — d2l §4.2.2");

    /// <summary>§4.7.3: the four gradients of the mean cross-entropy, by the chain rule.</summary>
    public Chapter3.Mlp.TwoLayer BackpropByHand(Chapter3.Mlp.TwoLayer p, Tensor X, Tensor y) =>
        throw new NotImplementedException(
            "hint: walk the network backwards with the chain rule: the mean loss's gradient at the logits is " +
            "the probabilities minus the one-hot labels over the batch size; each layer passes it on through " +
            "its weights, and the ReLU lets it through only where its input was positive — d2l §4.7.3");

    /// <summary>Exercise of §4.7: the shapes of ∂L/∂W1, ∂L/∂b1, ∂L/∂W2, ∂L/∂b2.</summary>
    public int[][] GradientShapes(int batchSize, int numInputs, int numHiddens, int numOutputs) =>
        throw new NotImplementedException(
            "hint: a gradient tells how the loss changes with each entry of a parameter, so it has exactly " +
            "the parameter's shape; the batch size is summed away — d2l §4.7's exercises");

    /// <summary>Exercise of §4.7: the bytes of the activations one minibatch keeps for the backward pass.</summary>
    public long ActivationBytes(int batchSize, int numInputs, int numHiddens, int numOutputs, DType dtype) =>
        throw new NotImplementedException(
            "hint: the backward pass needs what the forward pass computed for the whole minibatch: the hidden " +
            "layer before and after the ReLU, and the outputs — count their elements, then the bytes each " +
            "element takes — d2l §4.7's exercises");
}
