using Lessons.Autograd;
using Lessons.Backends;

namespace Lessons;

public sealed partial class Tensor
{
    /// <summary>Sum of all elements, a scalar tensor.</summary>
    public Tensor Sum()
    {
        using var flat = View(new Shape(Numel));
        var y = flat.ReduceRaw(ReduceOp.Sum, 0, keepDim: false);
        return Record("Sum", y, [this], GradientRules.Sum(this, axis: null, keepDim: false));
    }

    /// <summary>Sum along <paramref name="axis"/>, keeping it as size 1 when <paramref name="keepDim"/> is
    /// set.</summary>
    public Tensor Sum(int axis, bool keepDim = false)
    {
        var a = Shape.NormalizeAxis(axis, "Sum");
        return Record("Sum", ReduceRaw(ReduceOp.Sum, a, keepDim), [this], GradientRules.Sum(this, a, keepDim));
    }

    /// <summary>Mean of all elements (an empty tensor gives NaN, as torch).</summary>
    public Tensor Mean() => Sum() / Numel;

    /// <summary>Mean along <paramref name="axis"/>.</summary>
    public Tensor Mean(int axis, bool keepDim = false) =>
        Sum(axis, keepDim) / AxisLength(Shape.NormalizeAxis(axis, "Mean"));

    /// <summary>Largest element, a scalar tensor; NaN if any element is NaN.</summary>
    public Tensor Max() => Select(ReduceOp.Max, ReduceOp.ArgMax, axis: null, keepDim: false);

    /// <summary>Largest element along <paramref name="axis"/> (the values of torch.max(dim)).</summary>
    public Tensor Max(int axis, bool keepDim = false) =>
        Select(ReduceOp.Max, ReduceOp.ArgMax, Shape.NormalizeAxis(axis, "Max"), keepDim);

    /// <summary>Smallest element, a scalar tensor; NaN if any element is NaN.</summary>
    public Tensor Min() => Select(ReduceOp.Min, ReduceOp.ArgMin, axis: null, keepDim: false);

    /// <summary>Smallest element along <paramref name="axis"/>.</summary>
    public Tensor Min(int axis, bool keepDim = false) =>
        Select(ReduceOp.Min, ReduceOp.ArgMin, Shape.NormalizeAxis(axis, "Min"), keepDim);

    /// <summary>Index of the largest element of the flattened tensor (Int32 scalar; first on ties).</summary>
    public Tensor ArgMax()
    {
        using var flat = View(new Shape(Numel));
        return flat.ReduceRaw(ReduceOp.ArgMax, 0, keepDim: false);
    }

    /// <summary>Index of the largest element along <paramref name="axis"/> (Int32; first on ties).</summary>
    public Tensor ArgMax(int axis, bool keepDim = false) =>
        ReduceRaw(ReduceOp.ArgMax, Shape.NormalizeAxis(axis, "ArgMax"), keepDim);

    /// <summary>Index of the smallest element of the flattened tensor (Int32 scalar; first on ties).</summary>
    public Tensor ArgMin()
    {
        using var flat = View(new Shape(Numel));
        return flat.ReduceRaw(ReduceOp.ArgMin, 0, keepDim: false);
    }

    /// <summary>Index of the smallest element along <paramref name="axis"/> (Int32; first on ties).</summary>
    public Tensor ArgMin(int axis, bool keepDim = false) =>
        ReduceRaw(ReduceOp.ArgMin, Shape.NormalizeAxis(axis, "ArgMin"), keepDim);

    /// <summary>
    /// Sums a broadcast gradient back to <paramref name="shape"/>: over the leading axes broadcasting added
    /// and over every axis that was 1 in <paramref name="shape"/>.
    /// </summary>
    internal Tensor SumTo(Shape shape)
    {
        if (Shape == shape)
        {
            return this;
        }

        var result = this;
        while (result.Rank > shape.Rank)
        {
            result = result.Sum(0);
        }

        for (var axis = 0; axis < shape.Rank; axis++)
        {
            if (shape[axis] == 1 && result.Shape[axis] != 1)
            {
                result = result.Sum(axis, keepDim: true);
            }
        }

        return result;
    }

    /// <summary>
    /// A reduced tensor given back its reduced axis as size 1, so it broadcasts against
    /// <paramref name="original"/>; the full reduction (axis null) becomes all ones.
    /// </summary>
    internal Tensor Unsqueezed(Shape original, int? axis, bool keptDim)
    {
        if (axis is null || original.Rank == 0)
        {
            return Reshape([.. Enumerable.Repeat(1, original.Rank)]);
        }

        return keptDim ? this : Reshape(original.Reduce(axis.Value, keepDim: true).ToArray());
    }

    /// <summary>
    /// The length of <paramref name="axis"/> (already normalized); a 0-d tensor, which accepts axis 0 and −1 as
    /// torch does, counts as one element along it.
    /// </summary>
    internal int AxisLength(int axis) => Rank == 0 ? 1 : Shape[axis];

    /// <summary>
    /// Max or min along an axis (or of everything, axis null). Along an axis the gradient goes to the winner (the
    /// first on ties, torch.max(dim)); over everything it is shared by every tied element (torch.max()).
    /// </summary>
    private Tensor Select(ReduceOp op, ReduceOp argOp, int? axis, bool keepDim)
    {
        CheckFloatingPoint(op.ToString());
        if (Rank == 0)
        {
            axis = null; // a scalar along its axis 0 or −1 is the scalar itself, whatever keepDim says (torch)
        }

        using var source = axis is null ? View(new Shape(Numel)) : Detach();
        var a = axis ?? 0;
        if (source.Shape[a] == 0)
        {
            throw new ArgumentException(
                $"{op}: cannot reduce an empty axis of shape {Shape}; the result is undefined.");
        }

        var values = source.ReduceRaw(op, a, keepDim: axis is not null && keepDim);
        if (!RequiresGrad || !GradMode.IsEnabled)
        {
            return values;
        }

        if (axis is null)
        {
            return Record(op.ToString(), values, [this], GradientRules.SelectAll(this, values));
        }

        var winners = source.ReduceRaw(argOp, a, keepDim);
        return Record(op.ToString(), values, [this], GradientRules.Select(this, a, winners, keepDim));
    }

    /// <summary>Runs a reduction primitive along one axis into a new tensor (no graph).</summary>
    internal Tensor ReduceRaw(ReduceOp op, int axis, bool keepDim)
    {
        if (Rank == 0)
        {
            // torch reduces a 0-d tensor along axis 0 or −1 to itself (keepDim has no axis to keep).
            using var one = View(new Shape(1));
            return one.ReduceRaw(op, 0, keepDim: false);
        }

        var isArg = op is ReduceOp.ArgMax or ReduceOp.ArgMin;
        if (isArg && Shape[axis] == 0)
        {
            throw new ArgumentException($"{op}: cannot reduce an empty axis of shape {Shape}.");
        }

        var y = Empty(Shape.Reduce(axis, keepDim), isArg ? DType.Int32 : DType, Backend);
        Backend.Reduce(op, Buffer, y.Buffer, new AxisLayout(Shape.Outer(axis), Shape[axis], Shape.Inner(axis)));
        return y;
    }
}
