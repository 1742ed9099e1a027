using Lessons.Autograd;
using Lessons.Backends;

namespace Lessons;

public sealed partial class Tensor
{
    /// <summary>
    /// The axes in the order <paramref name="dims"/> names (torch.permute): axis k of the result is axis dims[k] of
    /// this tensor. <c>x.Permute(0, 2, 3, 1)</c> turns NCHW into NHWC. A copy, as every reordering here.
    /// </summary>
    public Tensor Permute(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length != Rank)
        {
            throw new ArgumentException(
                $"Permute: shape {Shape} has {Rank} axes but ({string.Join(", ", dims)}) names {dims.Length}.");
        }

        var order = dims.Select(d => Shape.NormalizeAxis(d, "Permute")).ToArray();
        if (order.Distinct().Count() != order.Length)
        {
            throw new ArgumentException(
                $"Permute: ({string.Join(", ", dims)}) names an axis twice; each axis of {Shape} must appear once.");
        }

        var strides = Shape.Strides();
        var shape = order.Select(a => Shape[a]).ToArray();
        var y = Empty(new Shape(shape), DType, Backend);
        Backend.Copy(Buffer, new BroadcastLayout(shape, [[.. order.Select(a => strides[a])]]), y.Buffer);
        return Record("Permute", y, [this], GradientRules.Permute(order));
    }

    /// <summary>
    /// A view with a new axis of size 1 inserted at <paramref name="axis"/> (torch.unsqueeze), which may be
    /// −(rank + 1) .. rank: <c>Unsqueeze(0)</c> makes a batch of one, <c>Unsqueeze(-1)</c> a column.
    /// </summary>
    public Tensor Unsqueeze(int axis)
    {
        var a = NewAxis(axis, "Unsqueeze");
        var dims = Shape.ToList();
        dims.Insert(a, 1);
        return Reshape([.. dims]);
    }

    /// <summary>
    /// A view without axis <paramref name="axis"/> if its size is 1 (torch.squeeze(dim)); any other size leaves
    /// the shape unchanged, as in torch.
    /// </summary>
    public Tensor Squeeze(int axis)
    {
        var a = Shape.NormalizeAxis(axis, "Squeeze");
        var dims = Shape.ToList();
        if (Rank > 0 && dims[a] == 1)
        {
            dims.RemoveAt(a);
        }

        return Reshape([.. dims]);
    }

    /// <summary>The elements in reverse order along <paramref name="axis"/> (torch.flip), a copy.</summary>
    public Tensor Flip(int axis)
    {
        var a = Shape.NormalizeAxis(axis, "Flip");
        var strides = Shape.Strides();
        var offset = 0;
        if (Rank > 0)
        {
            // Read the axis backwards: start at its last element and step by minus its stride.
            offset = Math.Max(Shape[a] - 1, 0) * strides[a];
            strides[a] = -strides[a];
        }

        var y = Empty(Shape, DType, Backend);
        Backend.Copy(Buffer, new BroadcastLayout(Shape.ToArray(), [strides]), y.Buffer, offset);
        return Record("Flip", y, [this], GradientRules.Flip(a));
    }

    /// <summary>
    /// Joins <paramref name="tensors"/> along an existing <paramref name="axis"/> (torch.cat): every other axis
    /// must agree, and the result's axis is the sum of theirs.
    /// </summary>
    public static Tensor Cat(Tensor[] tensors, int axis)
    {
        var first = FirstOf(tensors, "Cat");
        if (first.Rank == 0)
        {
            throw new ArgumentException(
                "Cat: a 0-d tensor has no axis to join along; Unsqueeze it first or use Tensor.Stack.");
        }

        var a = first.Shape.NormalizeAxis(axis, "Cat");
        var lengths = new int[tensors.Length];
        for (var k = 0; k < tensors.Length; k++)
        {
            var t = tensors[k];
            CheckCompatible(first, t, "Cat");
            var same = t.Rank == first.Rank &&
                Enumerable.Range(0, first.Rank).All(d => d == a || t.Shape[d] == first.Shape[d]);
            if (!same)
            {
                throw new ArgumentException(
                    $"Cat: tensor {k} has shape {t.Shape}, which does not match tensor 0's {first.Shape} on every " +
                    $"axis but axis {a}.");
            }

            lengths[k] = t.Shape[a];
        }

        var dims = first.Shape.ToArray();
        dims[a] = lengths.Sum();
        var y = Empty(new Shape(dims), first.DType, first.Backend);
        var (outer, inner) = (first.Shape.Outer(a), first.Shape.Inner(a));
        var start = 0;
        for (var k = 0; k < tensors.Length; k++)
        {
            var layout = new GatherLayout(outer, dims[a], lengths[k], inner);
            y.Backend.CopyToSlice(tensors[k].Buffer, y.Buffer, layout, start);
            start += lengths[k];
        }

        return Record("Cat", y, [.. tensors], GradientRules.Cat(a, lengths));
    }

    /// <summary>
    /// Joins equally shaped <paramref name="tensors"/> along a new <paramref name="axis"/> (torch.stack), which may
    /// be −(rank + 1) .. rank: three (2, 3) tensors stacked on axis 0 give (3, 2, 3).
    /// </summary>
    public static Tensor Stack(Tensor[] tensors, int axis)
    {
        var first = FirstOf(tensors, "Stack");
        for (var k = 1; k < tensors.Length; k++)
        {
            if (tensors[k].Shape != first.Shape)
            {
                throw new ArgumentException(
                    $"Stack: every tensor must have the same shape; tensor 0 is {first.Shape}, tensor {k} is " +
                    $"{tensors[k].Shape}.");
            }
        }

        var a = first.NewAxis(axis, "Stack");
        return Cat([.. tensors.Select(t => t.Unsqueeze(a))], a);
    }

    /// <summary>A slice a..a+length−1 along <paramref name="axis"/>, copied (the gradient of Cat).</summary>
    internal Tensor Slice(int axis, int start, int length)
    {
        var dims = Shape.ToArray();
        dims[axis] = length;
        var y = Empty(new Shape(dims), DType, Backend);
        Backend.Copy(Buffer, new BroadcastLayout(dims, [Shape.Strides()]), y.Buffer, start * Shape.Inner(axis));
        return y;
    }

    /// <summary>An axis for a new dimension: −(rank + 1) .. rank, as torch.unsqueeze and torch.stack take it.</summary>
    private int NewAxis(int axis, string operation)
    {
        var normalized = axis < 0 ? axis + Rank + 1 : axis;
        if (normalized < 0 || normalized > Rank)
        {
            throw new ArgumentOutOfRangeException(
                nameof(axis),
                $"{operation}: axis {axis} is out of range for shape {Shape} (expected {-Rank - 1}..{Rank}).");
        }

        return normalized;
    }

    private static Tensor FirstOf(Tensor[] tensors, string operation)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0)
        {
            throw new ArgumentException($"{operation}: expected at least one tensor, got an empty list.");
        }

        if (Array.IndexOf(tensors, null) is var missing and >= 0)
        {
            throw new ArgumentException($"{operation}: tensor {missing} of the list is null.");
        }

        return tensors[0];
    }
}
