using Lessons.Autograd;
using Lessons.Backends;

namespace Lessons;

public sealed partial class Tensor
{
    /// <summary>
    /// Sum over several <paramref name="axes"/> at once (torch.sum(dim=[…])); an empty list sums everything, as
    /// torch 1.13 does.
    /// </summary>
    public Tensor Sum(int[] axes, bool keepDim = false)
    {
        var normalized = NormalizeAxes(axes, "Sum");
        var result = this;
        foreach (var a in normalized.OrderDescending())
        {
            result = result.Sum(a, keepDim: true);
        }

        return keepDim ? result : result.Reshape(DimsWithout(normalized));
    }

    /// <summary>Mean over several <paramref name="axes"/> at once; an empty list averages everything.</summary>
    public Tensor Mean(int[] axes, bool keepDim = false)
    {
        var normalized = NormalizeAxes(axes, "Mean");
        var count = normalized.Aggregate(1, (p, a) => p * AxisLength(a));
        return Sum(normalized, keepDim) / count;
    }

    /// <summary>
    /// log Σ exp(x) along <paramref name="axis"/> (torch.logsumexp), computed stably: the largest element is taken
    /// out first, so logits of ±1000 give a finite answer. The gradient is softmax(x).
    /// </summary>
    public Tensor LogSumExp(int axis, bool keepDim = false)
    {
        CheckFloatingPoint("LogSumExp");
        var a = Shape.NormalizeAxis(axis, "LogSumExp");
        Tensor shift;
        using (NoGrad())
        {
            // As torch: an infinite maximum is not subtracted (∞ − ∞ would be NaN), 0 is used instead.
            using var max = Detach().Max(a, keepDim: true);
            using var infinite = Unary(UnaryOp.EqualScalar, max.Abs(), double.PositiveInfinity);
            shift = Where(infinite, ZerosLike(max), max);
        }

        var y = (this - shift).Exp().Sum(a, keepDim: true).Log() + shift;
        return keepDim ? y : y.Squeeze(a);
    }

    /// <summary>
    /// Variance along <paramref name="axis"/> (torch.var): Σ(x − mean)² / (n − 1), or / n when
    /// <paramref name="unbiased"/> is false. One element with the unbiased estimate gives NaN, as torch.
    /// </summary>
    public Tensor Var(int axis, bool keepDim = false, bool unbiased = true)
    {
        CheckFloatingPoint("Var");
        var a = Shape.NormalizeAxis(axis, "Var");
        var n = AxisLength(a);
        var deviation = this - Mean(a, keepDim: true);
        return deviation.Square().Sum(a, keepDim) / (unbiased ? n - 1 : n);
    }

    /// <summary>Standard deviation along <paramref name="axis"/> (torch.std): the square root of
    /// <see cref="Var"/>.</summary>
    public Tensor Std(int axis, bool keepDim = false, bool unbiased = true) => Var(axis, keepDim, unbiased).Sqrt();

    /// <summary>The running sum along <paramref name="axis"/> (torch.cumsum): element k is the sum of 0..k.</summary>
    public Tensor CumSum(int axis)
    {
        var a = Shape.NormalizeAxis(axis, "CumSum");
        var y = Empty(Shape, DType, Backend);
        var layout = Rank == 0 ? new AxisLayout(1, 1, 1) : new AxisLayout(Shape.Outer(a), Shape[a], Shape.Inner(a));
        Backend.CumSum(Buffer, y.Buffer, layout);
        return DType.IsFloatingPoint() ? Record("CumSum", y, [this], GradientRules.CumSum(a)) : y;
    }

    /// <summary>Product of all elements, a scalar tensor (1 for an empty tensor).</summary>
    public Tensor Prod()
    {
        using var flat = View(new Shape(Numel));
        var y = flat.ReduceRaw(ReduceOp.Prod, 0, keepDim: false);
        return DType.IsFloatingPoint() ? Record("Prod", y, [this], GradientRules.Prod(this, null, false)) : y;
    }

    /// <summary>Product along <paramref name="axis"/> (torch.prod(dim)).</summary>
    public Tensor Prod(int axis, bool keepDim = false)
    {
        var a = Shape.NormalizeAxis(axis, "Prod");
        var y = ReduceRaw(ReduceOp.Prod, a, keepDim);
        return DType.IsFloatingPoint() ? Record("Prod", y, [this], GradientRules.Prod(this, a, keepDim)) : y;
    }

    /// <summary>The shape's dimensions with <paramref name="axes"/> removed.</summary>
    private int[] DimsWithout(int[] axes) =>
        [.. Shape.Where((_, d) => !axes.Contains(d))];

    /// <summary>Each axis made non-negative; a repeated axis is an error; an empty list means every axis.</summary>
    private int[] NormalizeAxes(int[] axes, string operation)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Length == 0)
        {
            return [.. Enumerable.Range(0, Rank)];
        }

        var normalized = axes.Select(a => Shape.NormalizeAxis(a, operation)).ToArray();
        if (normalized.Distinct().Count() != normalized.Length)
        {
            throw new ArgumentException(
                $"{operation}: axes ({string.Join(", ", axes)}) name an axis twice for shape {Shape}.");
        }

        return Rank == 0 ? [] : normalized;
    }
}
