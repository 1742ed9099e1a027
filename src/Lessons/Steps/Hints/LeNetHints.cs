namespace Lessons.Steps.Hints;

/// <summary>The hints of the convolution steps (d2l 0.17 §6.2–6.3 / current §7.2–7.3).</summary>
internal static class LeNetHints
{
    private const string Lesson = "lenet";

    /// <summary>The lesson's hints, in the book's order.</summary>
    public static IReadOnlyList<StepHint> All { get; } =
    [
        new(Lesson, "Corr2d",
            "slide the kernel over the input without flipping it: each output element is the sum of the window " +
            "of the input that starts there, multiplied element by element with the kernel — d2l §6.2.1",
            "the output is (h − kh + 1) by (w − kw + 1); the window at (i, j) is rows i..i+kh−1 and columns " +
            "j..j+kw−1, two IndexSelect calls with Int32 index tensors; Sum and Item give its value",
            "var (h, w) = (K.Shape[0], K.Shape[1]);\nvar (rows, cols) = (X.Shape[0] - h + 1, X.Shape[1] - w + 1);\n" +
            "var Y = new double[rows * cols];\nfor (var i = 0; i < rows; i++)\n    for (var j = 0; j < cols; j++)\n" +
            "        Y[i * cols + j] = (X.IndexSelect(0, Tensor.FromArray(Enumerable.Range(i, h).ToArray()))\n" +
            "            .IndexSelect(1, Tensor.FromArray(Enumerable.Range(j, w).ToArray())) * K).Sum().Item();\n" +
            "return Tensor.FromArray(Y, new Shape(rows, cols)).To(X.DType);"),
        new(Lesson, "LearnKernel",
            "start from a random kernel and improve it by gradient descent: predict with the convolution, measure " +
            "the squared error against Y, and step the kernel against its gradient — d2l §6.2.4",
            "a (1, 1, 1, 2) weight from Tensor.Uniform with requiresGrad; each epoch X.Conv2d(weight), the Sum of " +
            "the Square of the difference, Backward, then weight −= lr times its Grad inside Tensor.NoGrad, and " +
            "the Grad cleared",
            "var bound = 1 / Math.Sqrt(2);\n" +
            "var weight = Tensor.Uniform(-bound, bound, [1, 1, 1, 2], generator, requiresGrad: true);\n" +
            "for (var epoch = 0; epoch < numEpochs; epoch++)\n{\n    weight.Grad = null;\n" +
            "    (X.Conv2d(weight) - Y).Square().Sum().Backward();\n" +
            "    using (Tensor.NoGrad()) { weight -= lr * weight.Grad!; }\n}\nreturn weight.Detach();"),
        new(Lesson, "OutputShape",
            "a kernel of size k fits n minus k plus one times along an axis of n; padding adds p on each side and a " +
            "stride s keeps every s-th window — d2l §6.3",
            "integer division: (n − k + 2·padding + stride) / stride, once for the height and once for the width",
            "return ((nh - kh + 2 * padding + stride) / stride, (nw - kw + 2 * padding + stride) / stride);"),
    ];
}
