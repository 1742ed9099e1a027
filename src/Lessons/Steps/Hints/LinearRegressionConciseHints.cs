namespace Lessons.Steps.Hints;

/// <summary>The hints of concise linear regression (d2l 0.17 §3.3 / current §3.5).</summary>
internal static class LinearRegressionConciseHints
{
    private const string Lesson = "linreg-concise";

    /// <summary>The lesson's hints, in the book's order.</summary>
    public static IReadOnlyList<StepHint> All { get; } =
    [
        new(Lesson, "LoadArray",
            "the library already has a data loader: wrap the tensors in a dataset and let the loader cut it into " +
            "minibatches, shuffled when training and in order otherwise — d2l §3.3.2",
            "a TensorDataset over dataArrays, then a DataLoader with batchSize, shuffle only when isTrain, and the " +
            "generator for the shuffle",
            "return new DataLoader(new TensorDataset(dataArrays), batchSize, shuffle: isTrain, generator: generator);"),
        new(Lesson, "CreateNet",
            "a network of one fully connected layer from two inputs to one output, its weights drawn small and its " +
            "bias zero, as the book initialises them — d2l §3.3.3 and §3.3.4",
            "Sequential holding a Linear of 2 inputs and 1 output; Init.Normal on its Weight with standard deviation " +
            "0.01 and the generator; Init.Zeros on its Bias",
            "var linear = new Linear(2, 1);\nInit.Normal(linear.Weight, 0, 0.01, generator);\n" +
            "Init.Zeros(linear.Bias!);\nreturn new Sequential(linear);"),
        new(Lesson, "SumLossLearningRate",
            "the gradient of a sum of losses is the batch size times the gradient of their mean; to take the same " +
            "steps, the learning rate must shrink by the same factor — §3.3's exercises",
            "one division, by the batch size",
            "return lr / batchSize;"),
        new(Lesson, "HuberLoss",
            "Huber's loss is quadratic for small errors and linear for large ones, so an outlier pulls with a capped " +
            "force; the two pieces meet smoothly where the error equals delta — §3.3's exercises",
            "reshape y like yHat; the absolute difference; Tensor.Where picks the half square below delta and delta " +
            "times the absolute difference minus half delta above it",
            "var d = yHat - y.Reshape(yHat.Shape.ToArray());\nvar a = d.Abs();\n" +
            "return Tensor.Where(a <= delta, d.Square() / 2, delta * (a - (delta / 2)));"),
        new(Lesson, "WeightGradient",
            "after one backward pass the gradient sits on the layer's weight, as in torch; but gradients add up " +
            "from pass to pass, so clear them first, or a second call reports twice the gradient — §3.3's exercises",
            "net.ZeroGrad, then a MseLoss Forward of net.Forward of X against y, Backward, and the Grad of the " +
            "Weight of the Linear that net.Get gives at index 0",
            "net.ZeroGrad();\nnew MseLoss().Forward(net.Forward(X), y).Backward();\n" +
            "return net.Get<Linear>(0).Weight.Grad!;"),
    ];
}
