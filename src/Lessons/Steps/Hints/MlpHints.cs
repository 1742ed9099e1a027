namespace Lessons.Steps.Hints;

/// <summary>The hints of the MLP steps (d2l 0.17 §4.2 and §4.7 / current §5.2 and §5.3).</summary>
internal static class MlpHints
{
    private const string Lesson = "mlp";

    /// <summary>The lesson's hints, in the book's order.</summary>
    public static IReadOnlyList<StepHint> All { get; } =
    [
        new(Lesson, "Relu",
            "the rectified linear unit keeps a positive input as it is and turns a negative one into zero, element " +
            "by element — d2l §4.2.2",
            "Tensor.Maximum of X and a tensor of zeros of the same shape, or Clamp with a minimum of 0",
            "return Tensor.Maximum(X, Tensor.ZerosLike(X));"),
        new(Lesson, "BackpropByHand",
            "walk the network backwards with the chain rule: the mean loss's gradient at the logits is the " +
            "probabilities minus the one-hot labels over the batch size; each layer passes it on through its " +
            "weights, and the ReLU lets it through only where its input was positive — d2l §4.7.3",
            "forward: z, h, o as in the lesson; backward: dO from Softmax and Tensor.OneHot divided by n; dW2 is h " +
            "transposed times dO, db2 the Sum of dO along axis 0; dH is dO times W2 transposed; dZ masks dH where z " +
            "is positive; then dW1 and db1 like dW2 and db2",
            "var n = X.Shape[0];\nvar z = X.MatMul(p.W1) + p.b1; var h = Tensor.Maximum(z, Tensor.ZerosLike(z));\n" +
            "var o = h.MatMul(p.W2) + p.b2;\nvar dO = (o.Softmax() - Tensor.OneHot(y, o.Shape[1], o.DType)) / n;\n" +
            "var dH = dO.MatMul(p.W2.T);\nvar dZ = dH * (z > 0).To(z.DType);\n" +
            "return new(X.T.MatMul(dZ), dZ.Sum(0), h.T.MatMul(dO), dO.Sum(0));"),
        new(Lesson, "GradientShapes",
            "a gradient tells how the loss changes with each entry of a parameter, so it has exactly the " +
            "parameter's shape; the batch size is summed away — d2l §4.7's exercises",
            "four int arrays: the weight of the first layer is numInputs by numHiddens, its bias numHiddens long; " +
            "the second layer's weight numHiddens by numOutputs, its bias numOutputs long",
            "return [[numInputs, numHiddens], [numHiddens], [numHiddens, numOutputs], [numOutputs]];"),
        new(Lesson, "ActivationBytes",
            "the backward pass needs what the forward pass computed for the whole minibatch: the hidden layer " +
            "before and after the ReLU, and the outputs — count their elements, then the bytes each element takes " +
            "— d2l §4.7's exercises",
            "z and h are batchSize by numHiddens, o is batchSize by numOutputs; dtype.SizeOf gives the bytes per " +
            "element; compute in long, the product can exceed an int",
            "return (long)batchSize * (2L * numHiddens + numOutputs) * dtype.SizeOf();"),
    ];
}
