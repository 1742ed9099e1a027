using Lessons.Backends;

namespace Lessons.Autograd;

/// <summary>
/// Every gradient rule of the library, one per primitive, in one place (tinygrad's habit). Each method takes
/// what the rule needs from the forward pass and returns the <see cref="BackwardRule"/> that maps the output's
/// gradient g to the inputs' gradients. Rules run with recording off, so they build no graph of their own.
/// Where an input was broadcast, its gradient is summed back to its shape (<see cref="Tensor.SumTo"/>).
/// </summary>
internal static class GradientRules
{
    // y = x or y = x + c (Clone, adding a number): ∂y/∂x = 1, the gradient passes through unchanged
    public static BackwardRule Identity() => g => [g];

    // y = sign(x) and other piecewise-constant ops: ∂y/∂x = 0
    public static BackwardRule Zero(Tensor x) => _ => [Tensor.ZerosLike(x)];

    // y = a + b: ∂y/∂a = 1, ∂y/∂b = 1
    public static BackwardRule Add(Tensor a, Tensor b) => g => [g.SumTo(a.Shape), g.SumTo(b.Shape)];

    // y = a − b: ∂y/∂a = 1, ∂y/∂b = −1
    public static BackwardRule Sub(Tensor a, Tensor b) => g => [g.SumTo(a.Shape), (-g).SumTo(b.Shape)];

    // y = a · b: ∂y/∂a = b, ∂y/∂b = a
    public static BackwardRule Mul(Tensor a, Tensor b) => g => [(g * b).SumTo(a.Shape), (g * a).SumTo(b.Shape)];

    // y = a / b: ∂y/∂a = 1/b, ∂y/∂b = −a/b² = −y/b
    public static BackwardRule Div(Tensor a, Tensor b, Tensor y) =>
        g => [(g / b).SumTo(a.Shape), (-(g * y) / b).SumTo(b.Shape)];

    // y = aᵇ: ∂y/∂a = b·aᵇ⁻¹, ∂y/∂b = aᵇ·ln a
    public static BackwardRule Pow(Tensor a, Tensor b, Tensor y) =>
        g => [(g * b * a.Pow(b - 1)).SumTo(a.Shape), (g * y * a.Log()).SumTo(b.Shape)];

    // y = max(a, b): the gradient goes to the larger input; on a tie each gets half (torch.maximum)
    public static BackwardRule Maximum(Tensor a, Tensor b) => g =>
    {
        var wins = Tensor.Binary(BinaryOp.Greater, a, b, "Maximum");
        var ties = Tensor.Binary(BinaryOp.Equal, a, b, "Maximum");
        var share = wins + (0.5 * ties);
        return [(g * share).SumTo(a.Shape), (g * (1 - share)).SumTo(b.Shape)];
    };

    // y = min(a, b): the gradient goes to the smaller input; on a tie each gets half (torch.minimum). A rule of
    // its own: Maximum with the inputs swapped would sum each gradient to the other input's shape under
    // broadcasting.
    public static BackwardRule Minimum(Tensor a, Tensor b) => g =>
    {
        var wins = Tensor.Binary(BinaryOp.Less, a, b, "Minimum");
        var ties = Tensor.Binary(BinaryOp.Equal, a, b, "Minimum");
        var share = wins + (0.5 * ties);
        return [(g * share).SumTo(a.Shape), (g * (1 - share)).SumTo(b.Shape)];
    };

    // y = −x: ∂y/∂x = −1
    public static BackwardRule Neg() => g => [-g];

    // y = x·s: ∂y/∂x = s
    public static BackwardRule MulScalar(double s) => g => [g * s];

    // y = x/s: ∂y/∂x = 1/s
    public static BackwardRule DivScalar(double s) => g => [g / s];

    // y = eˣ: ∂y/∂x = y
    public static BackwardRule Exp(Tensor y) => g => [g * y];

    // y = ln x: ∂y/∂x = 1/x
    public static BackwardRule Log(Tensor x) => g => [g / x];

    // y = ln(1 + x): ∂y/∂x = 1/(1 + x)
    public static BackwardRule Log1p(Tensor x) => g => [g / (x + 1)];

    // y = |x|: ∂y/∂x = sign(x), with sign(0) = 0
    public static BackwardRule Abs(Tensor x) => g => [g * x.Sign()];

    // y = √x: ∂y/∂x = 1/(2y)
    public static BackwardRule Sqrt(Tensor y) => g => [g / (2 * y)];

    // y = x²: ∂y/∂x = 2x
    public static BackwardRule Square(Tensor x) => g => [g * (2 * x)];

    // y = 1/x: ∂y/∂x = −1/x² = −y²
    public static BackwardRule Reciprocal(Tensor y) => g => [-(g * y.Square())];

    // y = xᵖ: ∂y/∂x = p·xᵖ⁻¹
    public static BackwardRule PowScalar(Tensor x, double p) => g => [g * (p * x.Pow(p - 1))];

    // y = max(x, 0): ∂y/∂x = 1 where x > 0, else 0 (0 at the kink, as torch)
    public static BackwardRule Relu(Tensor x) => g => [g * Tensor.Unary(UnaryOp.GreaterScalar, x, 0)];

    // y = σ(x): ∂y/∂x = y(1 − y); g·(1 − y)·y in one pass, where three operations made three temporaries
    public static BackwardRule Sigmoid(Tensor y) => g => [Tensor.Binary(BinaryOp.SigmoidBackward, g, y, "Sigmoid")];

    // y = tanh x: ∂y/∂x = 1 − y²
    public static BackwardRule Tanh(Tensor y) => g => [g * (1 - y.Square())];

    // y = clamp(x, min, max): ∂y/∂x = 1 where min ≤ x ≤ max, else 0
    public static BackwardRule Clamp(Tensor x, double min, double max) =>
        g => [g * Tensor.Unary(UnaryOp.InRange, x, min, max)];

    // y = Σ x over everything or one axis: every x receives the gradient of the sum it fed
    public static BackwardRule Sum(Tensor x, int? axis, bool keepDim) =>
        g => [g.Unsqueezed(x.Shape, axis, keepDim).Expand(x.Shape)];

    // y = max or min of x along an axis: the gradient goes to the element that won, the first on ties
    // (torch.max(dim) and torch.min(dim) do the same)
    public static BackwardRule Extremum(Tensor x, int axis, Tensor winners, bool keepDim) => g =>
    {
        var index = winners.Unsqueezed(x.Shape, axis, keepDim);
        return [Tensor.ZerosLike(x).ScatterAdd(axis, index, g.Unsqueezed(x.Shape, axis, keepDim))];
    };

    // y = max or min of every element: torch 1.13 splits the gradient evenly among the tied elements
    // (evenly_distribute_backward), so three equal maxima get g/3 each — unlike the per-axis Extremum above. When y
    // is NaN the NaNs are the winners.
    public static BackwardRule ExtremumOfAll(Tensor x, Tensor y) => g =>
    {
        var isNaN = Tensor.Binary(BinaryOp.NotEqual, x, x, "Max") * Tensor.Binary(BinaryOp.NotEqual, y, y, "Max");
        var winners = Tensor.Binary(BinaryOp.Equal, x, y, "Max") + isNaN;
        return [winners * (g / winners.Sum())];
    };

    // C = A·B: ∂L/∂A = G·Bᵀ, ∂L/∂B = Aᵀ·G — read transposed by the kernel, never copied; a product is only
    // computed for an input that wants it (the data X of a layer never does)
    public static BackwardRule MatMul(Tensor a, Tensor b) => g =>
    [
        a.RequiresGrad ? Tensor.MatMul(g, b, transA: false, transB: true) : null,
        b.RequiresGrad ? Tensor.MatMul(a, g, transA: true, transB: false) : null,
    ];

    // C = A·Bᵀ (nn.Linear's x·Wᵀ): ∂L/∂A = G·B, ∂L/∂B = Gᵀ·A — again read transposed, never copied
    public static BackwardRule MatMulTransposedRight(Tensor a, Tensor b) => g =>
    [
        a.RequiresGrad ? Tensor.MatMul(g, b, transA: false, transB: false) : null,
        b.RequiresGrad ? Tensor.MatMul(g, a, transA: true, transB: false) : null,
    ];

    // y = conv2d(x, W) + b: ∂L/∂x is the "transposed convolution" of G with W, ∂L/∂W correlates x with G, and
    // ∂L/∂b sums G over the batch and every position — each computed only for an input that wants it
    public static BackwardRule Conv2d(Tensor x, Tensor weight, Tensor? bias, Conv2dLayout layout) => g =>
    {
        Tensor? gx = null, gw = null;
        if (x.RequiresGrad)
        {
            gx = Tensor.Empty(x.Shape, x.DType, x.Backend);
            x.Backend.Conv2dInputGrad(g.Buffer, weight.Buffer, gx.Buffer, layout);
        }

        if (weight.RequiresGrad)
        {
            gw = Tensor.Empty(weight.Shape, weight.DType, weight.Backend);
            x.Backend.Conv2dWeightGrad(x.Buffer, g.Buffer, gw.Buffer, layout);
        }

        if (bias is null)
        {
            return [gx, gw];
        }

        var gb = bias.RequiresGrad ? g.Reshape(layout.Batch, layout.OutChannels, -1).Sum(2).Sum(0) : null;
        return [gx, gw, gb];
    };

    // y = max of each window: the gradient goes to the element that won the window
    public static BackwardRule MaxPool2d(Tensor x, Tensor indices, Pool2dLayout layout) => g =>
    {
        var gx = Tensor.Empty(x.Shape, x.DType, x.Backend);
        x.Backend.MaxPool2dBackward(g.Buffer, indices.Buffer, gx.Buffer, layout);
        return [gx];
    };

    // y = mean of each window: every element of a window receives the window's gradient / k²
    public static BackwardRule AvgPool2d(Tensor x, Pool2dLayout layout) => g =>
    {
        var gx = Tensor.Empty(x.Shape, x.DType, x.Backend);
        x.Backend.AvgPool2dBackward(g.Buffer, gx.Buffer, layout);
        return [gx];
    };

    // y = x viewed with another shape: the gradient is viewed back
    public static BackwardRule Reshape(Tensor x) => g => [g.Reshape(x.Shape.ToArray())];

    // y = x with its axes in the order dims: put them back with the inverse permutation
    public static BackwardRule Permute(int[] dims) => g =>
    {
        var inverse = new int[dims.Length];
        for (var k = 0; k < dims.Length; k++)
        {
            inverse[dims[k]] = k;
        }

        return [g.Permute(inverse)];
    };

    // y = x reversed along an axis: reverse the gradient back
    public static BackwardRule Flip(int axis) => g => [g.Flip(axis)];

    // y = cat(x₀, x₁, …) along an axis: each input receives its own slice of the gradient
    public static BackwardRule Cat(int axis, int[] lengths) => g =>
    {
        var grads = new Tensor?[lengths.Length];
        var start = 0;
        for (var k = 0; k < lengths.Length; k++)
        {
            grads[k] = g.Slice(axis, start, lengths[k]);
            start += lengths[k];
        }

        return grads;
    };

    // y = cumsum(x): xₖ feeds every yⱼ with j ≥ k, so its gradient is the sum of gⱼ over j ≥ k — the running sum
    // taken from the far end
    public static BackwardRule CumSum(int axis) => g => [g.Flip(axis).CumSum(axis).Flip(axis)];

    // y = Π x over an axis (or everything, axis null). ∂y/∂xₖ is the product of the other elements: y/xₖ when no
    // element is 0; when exactly one is, only that one gets a gradient (the product of the rest); with two zeros
    // every gradient is 0. Computed without dividing by zero, as torch's prod_backward.
    public static BackwardRule Prod(Tensor x, int? axis, bool keepDim) => g =>
    {
        Tensor Along(Tensor t, bool product) => axis is null
            ? (product ? t.Prod() : t.Sum()).Unsqueezed(x.Shape, null, false)
            : (product ? t.Prod(axis.Value, keepDim: true) : t.Sum(axis.Value, keepDim: true));

        var isZero = Tensor.Unary(UnaryOp.EqualScalar, x, 0);
        var nonZero = Tensor.Where(isZero, Tensor.OnesLike(x), x);
        var others = Along(nonZero, product: true);
        var zeros = Along(isZero, product: false);
        var noZero = Tensor.Unary(UnaryOp.EqualScalar, zeros, 0);
        var oneZero = Tensor.Unary(UnaryOp.EqualScalar, zeros, 1);
        var local = (noZero * (others / nonZero)) + (oneZero * isZero * others);
        return [g.Unsqueezed(x.Shape, axis, keepDim) * local];
    };

    // y = sin x: ∂y/∂x = cos x
    public static BackwardRule Sin(Tensor x) => g => [g * x.Cos()];

    // y = cos x: ∂y/∂x = −sin x
    public static BackwardRule Cos(Tensor x) => g => [-(g * x.Sin())];

    // y = x for x > 0, else s·x: ∂y/∂x = 1 where x > 0, else s (s at the kink, as torch)
    public static BackwardRule LeakyRelu(Tensor x, double slope) =>
        g => [Tensor.Where(Tensor.Unary(UnaryOp.GreaterScalar, x, 0), g, g * slope)];

    // y = ln(1 + eˣ), x itself above 20: ∂y/∂x = σ(x), exactly 1 above the threshold (torch's softplus_backward)
    public static BackwardRule Softplus(Tensor x) =>
        g => [Tensor.Where(Tensor.Unary(UnaryOp.GreaterScalar, x, 20), g, g * x.Sigmoid())];

    // y = x with two axes swapped: swap them back
    public static BackwardRule Transpose(int axis0, int axis1) => g => [g.Transpose(axis0, axis1)];

    // y = x with its axes reversed: reverse them back
    public static BackwardRule ReverseAxes() => g => [g.ReverseAxes()];

    // y = x broadcast to a larger shape: sum over the copies
    public static BackwardRule Expand(Tensor x) => g => [g.SumTo(x.Shape)];

    // y = x converted to another float dtype: convert the gradient back
    public static BackwardRule Cast(Tensor x) => g => [g.To(x.DType)];

    // y = gather(x, axis, index): scatter the gradient back to where each element came from
    public static BackwardRule Gather(Tensor x, int axis, Tensor index) =>
        g => [Tensor.ZerosLike(x).ScatterAdd(axis, index, g), null];

    // y = index_select(x, axis, index): add each selected slice's gradient back where it came from
    public static BackwardRule IndexSelect(Tensor x, int axis, Tensor index) =>
        g => [Tensor.ZerosLike(x).ScatterAdd(axis, x.ExpandIndex(axis, index), g), null];

    // y = x + scatter(s): x receives g unchanged, s receives g gathered from where it was added
    public static BackwardRule ScatterAdd(int axis, Tensor index) => g => [g, null, g.Gather(axis, index)];

    // y = where(c, a, b): the gradient goes to a where c holds, to b elsewhere; none to c
    public static BackwardRule Where(Tensor condition, Tensor a, Tensor b) => g =>
    {
        var zero = Tensor.ZerosLike(g);
        return [null, Tensor.Where(condition, g, zero).SumTo(a.Shape), Tensor.Where(condition, zero, g).SumTo(b.Shape)];
    };

    // y = softmax(x) along an axis: ∂L/∂x = y ⊙ (g − Σ g⊙y)
    public static BackwardRule Softmax(Tensor y, int axis) => g => [y * (g - (g * y).Sum(axis, keepDim: true))];

    // y = log softmax(x) along an axis: ∂L/∂x = g − softmax(x)·Σ g
    public static BackwardRule LogSoftmax(Tensor y, int axis) => g => [g - (y.Exp() * g.Sum(axis, keepDim: true))];

    // lᵣ = log Σ exp(oᵣ) − oᵣ[yᵣ]: ∂l/∂o = softmax(o) − onehot(y), one fused kernel
    public static BackwardRule SoftmaxCrossEntropy(Tensor logits, Tensor labels) => g =>
    {
        var grad = Tensor.Empty(logits.Shape, logits.DType, logits.Backend);
        logits.Backend.SoftmaxCrossEntropyBackward(
            logits.Buffer, labels.Buffer, g.Buffer, grad.Buffer, logits.Shape[0], logits.Shape[1]);
        return [grad, null];
    };

    // l = −w·[y·max(ln x, −100) + (1 − y)·max(ln(1 − x), −100)] (torch's binary_cross_entropy). torch's own
    // gradient, not the derivative of the clamped forward: ∂l/∂x = w·(x − y)/max(x(1 − x), ε), finite at
    // x = 0 and x = 1; ∂l/∂y = w·(ln(1 − x) − ln x). The weight gets no gradient, as in torch. ε is torch's
    // EPSILON, a float constant 1e-12f, so in double it is 9.99999996e-13, not 1e-12.
    public static BackwardRule BinaryCrossEntropy(Tensor x, Tensor y, Tensor? w) => g =>
    {
        var gx = g * (x - y) / ((1 - x) * x).Clamp(min: 1e-12f);
        var gy = y.RequiresGrad ? g * ((-x).Log1p() - x.Log()) : null;
        return w is null ? [gx, gy] : [gx * w, gy is null ? null : gy * w, null];
    };

    // l = (ŷ − y)²/2: ∂l/∂ŷ = ŷ − y, ∂l/∂y = −(ŷ − y), one fused kernel
    public static BackwardRule SquaredLoss(Tensor yHat, Tensor y) => g =>
    {
        var grad = Tensor.Empty(yHat.Shape, yHat.DType, yHat.Backend);
        yHat.Backend.SquaredLossBackward(yHat.Buffer, y.Buffer, g.Buffer, grad.Buffer);
        return [grad, y.RequiresGrad ? (-grad).Reshape(y.Shape.ToArray()) : null];
    };
}
