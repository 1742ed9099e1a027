namespace Lessons.Steps.Hints;

/// <summary>The hints of linear regression from scratch (d2l 0.17 §3.2 / current §3.4).</summary>
internal static class LinearRegressionScratchHints
{
    private const string Lesson = "linreg-scratch";

    /// <summary>The lesson's hints, in the book's order.</summary>
    public static IReadOnlyList<StepHint> All { get; } =
    [
        new(Lesson, "SyntheticData",
            "draw the features from a standard normal, compute each label from the true weights and bias, and add a " +
            "little normal noise, so the model has something to recover — the labels form a column — d2l §3.2.1",
            "Tensor.Normal draws the features, one row per example and one column per weight; MatMul by w, add b, " +
            "add Tensor.Normal noise of the same shape; Reshape the labels to one column",
            "var X = Tensor.Normal(0, 1, [numExamples, w.Numel], generator);\n" +
            "var y = X.MatMul(w) + b;\ny += Tensor.Normal(0, noise, y.Shape, generator);\n" +
            "return (X, y.Reshape(-1, 1));"),
        new(Lesson, "DataIter",
            "an epoch visits every example once, in a fresh random order each time, a batch at a time; the last " +
            "batch is short when the batch size does not divide the number of examples — d2l §3.2.2",
            "generator.Permutation gives the shuffled order; take slices of it batchSize long, and IndexSelect along " +
            "axis 0 of the features and of the labels with each slice; yield each pair",
            "var n = features.Shape[0];\nvar order = generator.Permutation(n);\n" +
            "for (var i = 0; i < n; i += batchSize)\n{\n" +
            "    using var index = Tensor.FromArray(order[i..Math.Min(i + batchSize, n)]);\n" +
            "    yield return (features.IndexSelect(0, index), labels.IndexSelect(0, index));\n}"),
        new(Lesson, "Linreg",
            "the model is a weighted sum of the features plus the bias, for every example of the batch at once — " +
            "d2l §3.2.4",
            "a matrix product of the batch with the weight column; broadcasting adds the one bias to every row",
            "return X.MatMul(w) + b;"),
        new(Lesson, "SquaredLoss",
            "half the squared difference between prediction and label, one loss per example; the prediction is a " +
            "column and the labels may come as a flat vector, so bring them to the same shape first — d2l §3.2.5",
            "Reshape y to yHat's shape before subtracting, otherwise broadcasting makes an n by n matrix; then " +
            "square and halve",
            "return (yHat - y.Reshape(yHat.Shape.ToArray())).Pow(2) / 2;"),
        new(Lesson, "Sgd",
            "each parameter takes a small step against its gradient; the loss was summed over the batch, so divide " +
            "by the batch size; do it without recording the step for autograd, and clear each gradient afterwards " +
            "so the next batch starts from zero — d2l §3.2.6",
            "a Tensor.NoGrad scope; loop over the indices of parameters, since a foreach variable cannot be assigned " +
            "in C#; Tensor's own minus-equals operator updates a tensor in place; ZeroGrad clears the gradient",
            "using var noGrad = Tensor.NoGrad();\nfor (var i = 0; i < parameters.Length; i++)\n{\n" +
            "    parameters[i] -= lr * parameters[i].Grad! / batchSize;\n    parameters[i].ZeroGrad();\n}"),
        new(Lesson, "InitZeroParams",
            "start the weights and the bias at zero instead of small random numbers; they must still be leaves that " +
            "autograd tracks — does training still reach the true values? — §3.2's exercises",
            "Tensor.Zeros with the shapes of the book's w and b, and requiresGrad",
            "return (Tensor.Zeros([numInputs, 1], requiresGrad: true), Tensor.Zeros([1], requiresGrad: true));"),
        new(Lesson, "DataIterDropLast",
            "the same shuffled minibatches as the data iterator, but a last batch that would be short is left out, " +
            "so every batch has the same size — §3.2's exercises",
            "loop while a whole batch still fits; generator.Permutation and IndexSelect as in DataIter",
            "var n = features.Shape[0];\nvar order = generator.Permutation(n);\n" +
            "for (var i = 0; i + batchSize <= n; i += batchSize)\n{\n" +
            "    using var index = Tensor.FromArray(order[i..(i + batchSize)]);\n" +
            "    yield return (features.IndexSelect(0, index), labels.IndexSelect(0, index));\n}"),
        new(Lesson, "FitResistance",
            "Ohm's law is a linear model with one weight and no bias: the voltage is the resistance times the " +
            "current; start the resistance at zero and let autograd give the gradient of the squared error, then " +
            "step against it many times — §3.2's exercises",
            "a Tensor.Zeros of one element with requiresGrad; in a loop of a hundred steps: the Mean of the Square " +
            "of R times current minus voltage, Backward, then inside Tensor.NoGrad R minus-equals the learning rate " +
            "times R.Grad, and ZeroGrad; a learning rate near one half over the mean of the squared currents is safe",
            "var R = Tensor.Zeros([1], current.DType, requiresGrad: true);\n" +
            "var lr = 0.5 / current.Square().Mean().Item();\nfor (var step = 0; step < 100; step++)\n{\n" +
            "    (R * current - voltage).Square().Mean().Backward();\n    using var noGrad = Tensor.NoGrad();\n" +
            "    R -= lr * R.Grad!;\n    R.ZeroGrad();\n}\n\nreturn R.Item();"),
        new(Lesson, "LearningRateSweep",
            "run the book's training once per learning rate, everything else the same, and compare where each ends: " +
            "too small barely moves in three epochs, too large overshoots the minimum further at every step until " +
            "the numbers overflow — §3.2's exercises",
            "for each rate, the book's loop of this lesson with your SyntheticData, DataIter, Linreg, SquaredLoss " +
            "and Sgd and a Generator of the seed; after 3 epochs, the Mean of SquaredLoss over all the data, as a " +
            "double",
            "return [.. learningRates.Select(lr =>\n{\n    var generator = new Generator(seed);\n" +
            "    using var trueW = Tensor.FromArray(new[] { 2f, -3.4f });\n" +
            "    var (X, y) = SyntheticData(trueW, 4.2, 1000, generator);\n" +
            "    var w = Tensor.Normal(0, 0.01, [2, 1], generator, requiresGrad: true);\n" +
            "    var b = Tensor.Zeros([1], requiresGrad: true);\n    for (var epoch = 0; epoch < 3; epoch++)\n" +
            "    {\n        foreach (var (Xb, yb) in DataIter(10, X, y, generator))\n        {\n" +
            "            SquaredLoss(Linreg(Xb, w, b), yb).Sum().Backward();\n" +
            "            Sgd([w, b], lr, 10);\n        }\n    }\n\n    using var noGrad = Tensor.NoGrad();\n" +
            "    return SquaredLoss(Linreg(X, w, b), y).Mean().Item();\n})];"),
    ];
}
