using System.Collections;
using System.Runtime.CompilerServices;

namespace Lessons;

/// <summary>The dimensions of a tensor, outermost first (row-major), as torch.Size.</summary>
/// <remarks>
/// A shape of rank 0, <c>()</c>, is a scalar with one element. Written as a collection expression where a shape
/// is expected: <c>Tensor.Zeros([2, 3])</c>.
/// </remarks>
[CollectionBuilder(typeof(Shape), nameof(Create))]
public sealed class Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    private readonly int[] dims;

    /// <summary>Creates a shape from its dimensions; every dimension must be zero or more.</summary>
    public Shape(params int[] dims)
    {
        foreach (var d in dims)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Shape {Format(dims)}: dimensions must be >= 0, got {d}.");
            }
        }

        this.dims = (int[])dims.Clone();
        long count = 1;
        foreach (var d in dims)
        {
            count *= d;
        }

        if (count > int.MaxValue)
        {
            throw new ArgumentException($"Shape {Format(dims)} has {count} elements; at most {int.MaxValue} fit.");
        }

        Numel = (int)count;
    }

    /// <summary>Builds a shape from a collection expression such as <c>[2, 3]</c>.</summary>
    public static Shape Create(ReadOnlySpan<int> dims) => new(dims.ToArray());

    /// <summary>The scalar shape <c>()</c>.</summary>
    public static Shape Scalar { get; } = new();

    /// <summary>Number of dimensions.</summary>
    public int Rank => dims.Length;

    /// <summary>Number of elements: the product of the dimensions.</summary>
    public int Numel { get; }

    /// <summary>The size of dimension <paramref name="axis"/>; negative axes count from the end.</summary>
    public int this[int axis] => Rank == 0
        ? throw new ArgumentOutOfRangeException(
            nameof(axis), $"Shape: the 0-d shape () has no dimension {axis}; a scalar has no sizes to read.")
        : dims[NormalizeAxis(axis, "Shape")];

    /// <summary>Number of dimensions (the same as <see cref="Rank"/>).</summary>
    public int Count => dims.Length;

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)dims).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => dims.GetEnumerator();

    /// <summary>A copy of the dimensions.</summary>
    public int[] ToArray() => (int[])dims.Clone();

    /// <summary>The dimensions without copying, for loops inside the library.</summary>
    internal ReadOnlySpan<int> Dims => dims;

    /// <summary>Row-major strides in elements: the last dimension has stride 1.</summary>
    public int[] Strides()
    {
        var strides = new int[dims.Length];
        var stride = 1;
        for (var i = dims.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= dims[i];
        }

        return strides;
    }

    /// <summary>Turns a possibly negative axis into 0..Rank-1, or throws naming the operation.</summary>
    public int NormalizeAxis(int axis, string operation)
    {
        var rank = Math.Max(Rank, 1); // a scalar accepts axis 0 and -1, like torch
        var normalized = axis < 0 ? axis + rank : axis;
        if (normalized < 0 || normalized >= rank)
        {
            throw new ArgumentOutOfRangeException(
                nameof(axis),
                $"{operation}: axis {axis} is out of range for shape {this} (expected {-rank}..{rank - 1}).");
        }

        return normalized;
    }

    /// <summary>The shape that broadcasting <paramref name="a"/> against <paramref name="b"/> gives (NumPy
    /// rules).</summary>
    public static Shape Broadcast(Shape a, Shape b, string operation)
    {
        var rank = Math.Max(a.Rank, b.Rank);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Rank ? 1 : a.dims[i - (rank - a.Rank)];
            var db = i < rank - b.Rank ? 1 : b.dims[i - (rank - b.Rank)];
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException(
                    $"{operation}: shapes {a} and {b} cannot be broadcast: dimension {i} is {da} vs {db} " +
                    "(each must be equal or 1).");
            }

            result[i] = da == 1 ? db : da;
        }

        return new Shape(result);
    }

    /// <summary>
    /// Strides that read a tensor of this shape as if it had shape <paramref name="target"/>:
    /// broadcast dimensions get stride 0.
    /// </summary>
    public int[] BroadcastStrides(Shape target)
    {
        var own = Strides();
        var result = new int[target.Rank];
        var offset = target.Rank - Rank;
        for (var i = 0; i < Rank; i++)
        {
            result[i + offset] = dims[i] == 1 && target.dims[i + offset] != 1 ? 0 : own[i];
        }

        return result;
    }

    /// <summary>The shape with dimension <paramref name="axis"/> removed, or set to 1 when keeping it.</summary>
    public Shape Reduce(int axis, bool keepDim)
    {
        var list = dims.ToList();
        if (keepDim)
        {
            list[axis] = 1;
        }
        else
        {
            list.RemoveAt(axis);
        }

        return new Shape([.. list]);
    }

    /// <summary>Product of the dimensions before <paramref name="axis"/>.</summary>
    public int Outer(int axis) => Product(0, axis);

    /// <summary>Product of the dimensions after <paramref name="axis"/>.</summary>
    public int Inner(int axis) => Product(axis + 1, Rank);

    private int Product(int from, int to)
    {
        var p = 1;
        for (var i = from; i < to; i++)
        {
            p *= dims[i];
        }

        return p;
    }

    /// <inheritdoc/>
    public bool Equals(Shape? other) => other is not null && dims.AsSpan().SequenceEqual(other.dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Shape);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var d in dims)
        {
            hash.Add(d);
        }

        return hash.ToHashCode();
    }

    /// <summary>Shapes compare by their dimensions.</summary>
    public static bool operator ==(Shape? a, Shape? b) => a is null ? b is null : a.Equals(b);

    /// <summary>Shapes compare by their dimensions.</summary>
    public static bool operator !=(Shape? a, Shape? b) => !(a == b);

    /// <summary>Lets a C# array stand where a shape is expected: <c>Tensor.Zeros([2, 3])</c>.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);

    /// <summary>Formats as <c>(2x3)</c>, the form every error message uses.</summary>
    public override string ToString() => Format(dims);

    private static string Format(int[] dims) => "(" + string.Join("x", dims) + ")";
}
