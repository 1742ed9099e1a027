using Lessons.Chapter3;
using Lessons.Losses;
using Lessons.Random;

namespace Lessons.Steps.Checks;

/// <summary>The checks of back-propagation and the MLP (d2l 0.17 §4.2 and §4.7 / current §5.2 and §5.3).</summary>
internal static class MlpChecks
{
    private const string Lesson = "mlp";

    /// <summary>The lesson's checks, in the book's order.</summary>
    public static IReadOnlyList<StepCheck> All { get; } =
    [
        Check(nameof(IMlpSteps.Relu), "max(X, 0), leaving X as it was, with gradient 1 where X > 0", Relu),
        Check(nameof(IMlpSteps.BackpropByHand), "the chain rule by hand equals autograd, gradient by gradient",
            BackpropByHand),
        Check(nameof(IMlpSteps.GradientShapes), "exercise: each gradient has its parameter's shape",
            GradientShapes),
        Check(nameof(IMlpSteps.ActivationBytes), "exercise: z, h and o of one minibatch, in bytes",
            ActivationBytes),
    ];

    private static StepCheck Check(string step, string description, Action<IMlpSteps> check) =>
        new StepCheck<IMlpSteps>(Lesson, step, description, check);

    private static void Relu(IMlpSteps steps)
    {
        double[] values = [-2, -0.5, 0.25, 3, -1, 0.5];
        var X = Tensor.FromArray(Array.ConvertAll(values, v => (float)v), [2, 3], requiresGrad: true);
        var h = steps.Relu(X);
        Expect.Shape(h, "Relu(X (2x3))", 2, 3);
        var actual = h.ToDoubles();
        Expect.That(actual.All(v => v >= 0), "Relu does not zero the negatives: ReLU keeps a positive input and " +
            "turns every negative one into 0 — max(x, 0) element by element (Relu([[−2, −0.5, 0.25], [3, −1, 0.5]]) " +
            $"gave {Expect.FormatList(actual)})");
        Expect.NotLike(actual, [.. values.Select(v => Math.Max(v, 0))], [.. values.Select(Math.Abs)], "Relu does not " +
            "zero the negatives: it flipped their sign (that is the absolute value); ReLU turns them into 0",
            "Relu([[−2, −0.5, 0.25], [3, −1, 0.5]])", 0, 0);
        Expect.NotLike(actual, [.. values.Select(v => Math.Max(v, 0))], [.. values.Select(v => v > 0 ? 1.0 : 0.0)],
            "Relu returned 1 where X > 0: that is ReLU's derivative; ReLU itself keeps the positive value",
            "Relu([[−2, −0.5, 0.25], [3, −1, 0.5]])", 0, 0);
        Expect.AllClose(h, [.. values.Select(v => Math.Max(v, 0))], "Relu([[−2, −0.5, 0.25], [3, −1, 0.5]])", 0, 0);
        Expect.AllClose(X, values, "X after Relu(X) (it must not change its input)", 0, 0);
        h.Sum().Backward();
        Expect.AllClose(Expect.NotNull(X.Grad, "X.Grad after Relu(X).Sum().Backward()"),
            [.. values.Select(v => v > 0 ? 1.0 : 0.0)], "∂ΣRelu/∂X (1 where X > 0, else 0)", 0, 0);
    }

    private static void BackpropByHand(IMlpSteps steps)
    {
        var generator = new Generator(8);
        using var X = Tensor.Normal(0, 1, [8, 5], generator, DType.Float64);
        using var y = Tensor.FromArray(new[] { 0, 1, 2, 0, 1, 2, 0, 1 });
        var p = new Mlp.TwoLayer(
            Tensor.Normal(0, 0.5, [5, 4], generator, DType.Float64, requiresGrad: true),
            Tensor.Normal(0, 0.5, [4], generator, DType.Float64, requiresGrad: true),
            Tensor.Normal(0, 0.5, [4, 3], generator, DType.Float64, requiresGrad: true),
            Tensor.Normal(0, 0.5, [3], generator, DType.Float64, requiresGrad: true));
        Functional.CrossEntropy(p.Forward(X).O, y).Backward();
        var autograd = new[] { p.W1, p.b1, p.W2, p.b2 }.Select(t => t.Grad!.ToDoubles()).ToArray();

        var hand = steps.BackpropByHand(p, X, y);
        var names = new[] { "∂L/∂W1", "∂L/∂b1", "∂L/∂W2", "∂L/∂b2" };
        var byHand = new[] { hand.W1, hand.b1, hand.W2, hand.b2 };
        var shapes = new[] { p.W1, p.b1, p.W2, p.b2 };
        for (var i = 0; i < 4; i++)
        {
            Expect.Shape(Expect.NotNull(byHand[i], names[i]), $"BackpropByHand: {names[i]}", [.. shapes[i].Shape]);
            Expect.NotLike(byHand[i], autograd[i], [.. autograd[i].Select(g => g * 8)], $"{names[i]} is 8 times " +
                "autograd's — the batch size: the loss is the mean over the batch, so the gradient at the logits is " +
                "(softmax(o) − onehot(y)) / n", $"BackpropByHand: {names[i]} vs autograd", 1e-10, 1e-7);
            Expect.AllClose(byHand[i], autograd[i], $"BackpropByHand: {names[i]} (8 examples, 5-4-3 net) vs autograd",
                1e-10, 1e-7);
        }
    }

    private static void GradientShapes(IMlpSteps steps)
    {
        var shapes = Expect.NotNull(steps.GradientShapes(256, 784, 256, 10), "GradientShapes(256, 784, 256, 10)");
        Expect.Equal(shapes.Length, 4, "GradientShapes: one shape per parameter (W1, b1, W2, b2)");
        var names = new[] { "∂L/∂W1", "∂L/∂b1", "∂L/∂W2", "∂L/∂b2" };
        int[][] expected = [[784, 256], [256], [256, 10], [10]];
        for (var i = 0; i < 4; i++)
        {
            Expect.That(!(shapes[i].Length > expected[i].Length && shapes[i][0] == 256), $"{names[i]} has the batch " +
                "size in its shape: the loss averages over the examples, so a gradient has its parameter's shape");
            Expect.That(!shapes[i].SequenceEqual(expected[i].Reverse()) || expected[i].Length == 1, $"{names[i]} is " +
                "transposed: a gradient has exactly its parameter's shape, and W1 is numInputs × numHiddens here, as " +
                "x·W1 needs");
            Expect.SequenceEqual(shapes[i], expected[i], $"GradientShapes(256, 784, 256, 10): {names[i]}");
        }
    }

    private static void ActivationBytes(IMlpSteps steps)
    {
        var bytes = steps.ActivationBytes(256, 784, 256, 10, DType.Float32);
        const long elements = 256L * ((2 * 256) + 10);
        Expect.That(bytes != elements, "ActivationBytes counted elements, not bytes: a float32 takes 4 bytes " +
            "(DType.SizeOf)");
        Expect.That(bytes != 256L * (256 + 10) * 4, "ActivationBytes left out z or h: the backward pass needs " +
            "both z = X·W1 + b1 (for the ReLU's mask) and h = relu(z) (for ∂L/∂W2), and o");
        Expect.Equal(bytes, elements * 4, "ActivationBytes(256, 784, 256, 10, Float32)");
        Expect.Equal(steps.ActivationBytes(64, 784, 128, 10, DType.Float64), 64L * ((2 * 128) + 10) * 8,
            "ActivationBytes(64, 784, 128, 10, Float64)");
    }
}
