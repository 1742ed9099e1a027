using Lessons.Autograd;
using Lessons.Backends;

namespace Lessons;

public sealed partial class Tensor
{
    /// <summary>
    /// torch.gather: y[…, j, …] = x[…, index[…, j, …], …] along <paramref name="axis"/>. The index (Int32) has
    /// the input's shape except along the axis. d2l's <c>y_hat[range(n), y]</c> is
    /// <c>yHat.Gather(1, y.Reshape(-1, 1))</c>.
    /// </summary>
    public Tensor Gather(int axis, Tensor index)
    {
        var a = Shape.NormalizeAxis(axis, "Gather");
        var layout = GatherLayoutFor(a, index, "Gather");
        var y = Empty(index.Shape, DType, Backend);
        Backend.Gather(Buffer, index.Buffer, y.Buffer, layout);
        return Record("Gather", y, [this, index], GradientRules.Gather(this, a, index));
    }

    /// <summary>
    /// A copy of this tensor with <paramref name="source"/> added at the positions <paramref name="index"/> names
    /// along <paramref name="axis"/> (torch.scatter_add, out of place). Repeated indices accumulate.
    /// </summary>
    public Tensor ScatterAdd(int axis, Tensor index, Tensor source)
    {
        var a = Shape.NormalizeAxis(axis, "ScatterAdd");
        var layout = GatherLayoutFor(a, index, "ScatterAdd");
        if (source.Shape != index.Shape)
        {
            throw new ArgumentException(
                $"ScatterAdd: source shape {source.Shape} must equal index shape {index.Shape}.");
        }

        CheckCompatible(this, source, "ScatterAdd");
        var y = Empty(Shape, DType, Backend);
        Backend.Copy(Buffer, BroadcastLayout.For(Shape, Shape), y.Buffer);
        Backend.ScatterAdd(source.Buffer, index.Buffer, y.Buffer, layout);
        return Record("ScatterAdd", y, [this, index, source], GradientRules.ScatterAdd(axis, index));
    }

    /// <summary>
    /// The slices at <paramref name="index"/> (Int32, 1-D) along <paramref name="axis"/> (torch.index_select):
    /// how a minibatch of rows is taken from a dataset on the device, uploading only the indices.
    /// </summary>
    public Tensor IndexSelect(int axis, Tensor index)
    {
        var a = Shape.NormalizeAxis(axis, "IndexSelect");
        index.CheckIndex("IndexSelect");
        if (index.Rank != 1)
        {
            throw new ArgumentException($"IndexSelect: the index must be 1-D, got shape {index.Shape}.");
        }

        var dims = Shape.ToArray();
        dims[a] = index.Numel;
        var y = Empty(new Shape(dims), DType, Backend);
        Backend.IndexSelect(Buffer, index.Buffer, y.Buffer,
            new GatherLayout(Shape.Outer(a), Shape[a], index.Numel, Shape.Inner(a)));
        return Record("IndexSelect", y, [this, index], GradientRules.IndexSelect(this, a, index));
    }

    /// <summary>The 1-D <paramref name="index"/> repeated over every other axis: the torch.gather index that
    /// picks the same slices as <see cref="IndexSelect"/>.</summary>
    internal Tensor ExpandIndex(int axis, Tensor index)
    {
        var dims = Shape.ToArray();
        dims[axis] = index.Numel;
        var strides = new int[dims.Length];
        strides[axis] = 1;
        var expanded = Empty(new Shape(dims), DType.Int32, Backend);
        Backend.Copy(index.Buffer, new BroadcastLayout(dims, [strides]), expanded.Buffer);
        return expanded;
    }

    /// <summary>One-hot rows (Float32 unless <paramref name="dtype"/> says otherwise) for Int32 class labels.</summary>
    public static Tensor OneHot(Tensor labels, int numClasses, DType dtype = DType.Float32)
    {
        labels.CheckIndex("OneHot");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numClasses);
        var rows = Zeros([.. labels.Shape.ToArray(), numClasses], dtype, labels.Backend);
        using var ones = Ones([labels.Numel], dtype, labels.Backend);
        var layout = new GatherLayout(labels.Numel, numClasses, 1, 1);
        rows.Backend.ScatterAdd(ones.Buffer, labels.Buffer, rows.Buffer, layout);
        return rows;
    }

    /// <summary>Elements of <paramref name="a"/> where <paramref name="condition"/> is nonzero, else of <paramref
    /// name="b"/>.</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        CheckCompatible(a, b, "Where");
        CheckCompatible(condition, a, "Where");
        var shape = Lessons.Shape.Broadcast(
            Lessons.Shape.Broadcast(condition.Shape, a.Shape, "Where"), b.Shape, "Where");
        var y = Empty(shape, a.DType, a.Backend);
        a.Backend.Where(condition.Buffer, a.Buffer, b.Buffer, y.Buffer,
            BroadcastLayout.For(shape, condition.Shape, a.Shape, b.Shape));
        return Record("Where", y, [condition, a, b], GradientRules.Where(condition, a, b));
    }

    /// <summary>1 where equal, else 0, in this tensor's dtype (torch.eq; masks stay numeric so they can
    /// multiply).</summary>
    public Tensor Eq(Tensor other) => Binary(BinaryOp.Equal, this, other, "Eq");

    /// <summary>1 where not equal, else 0.</summary>
    public Tensor Ne(Tensor other) => Binary(BinaryOp.NotEqual, this, other, "Ne");

    /// <summary>1 where equal to <paramref name="value"/>, else 0.</summary>
    public Tensor Eq(double value) => CompareScalar(BinaryOp.Equal, value, "Eq");

    /// <summary>1 where not equal to <paramref name="value"/>, else 0 (NaN is unequal to everything).</summary>
    public Tensor Ne(double value) => CompareScalar(BinaryOp.NotEqual, value, "Ne");

    /// <summary>1 where a &lt; b.</summary>
    public static Tensor operator <(Tensor a, Tensor b) => Binary(BinaryOp.Less, a, b, "Lt");

    /// <summary>1 where a &gt; b.</summary>
    public static Tensor operator >(Tensor a, Tensor b) => Binary(BinaryOp.Greater, a, b, "Gt");

    /// <summary>1 where a ≤ b.</summary>
    public static Tensor operator <=(Tensor a, Tensor b) => Binary(BinaryOp.LessEqual, a, b, "Le");

    /// <summary>1 where a ≥ b.</summary>
    public static Tensor operator >=(Tensor a, Tensor b) => Binary(BinaryOp.GreaterEqual, a, b, "Ge");

    /// <summary>1 where x &lt; s.</summary>
    public static Tensor operator <(Tensor x, double s) => x.CompareScalar(BinaryOp.Less, s, "Lt");

    /// <summary>1 where x &gt; s.</summary>
    public static Tensor operator >(Tensor x, double s) => x.CompareScalar(BinaryOp.Greater, s, "Gt");

    /// <summary>1 where x ≤ s.</summary>
    public static Tensor operator <=(Tensor x, double s) => x.CompareScalar(BinaryOp.LessEqual, s, "Le");

    /// <summary>1 where x ≥ s.</summary>
    public static Tensor operator >=(Tensor x, double s) => x.CompareScalar(BinaryOp.GreaterEqual, s, "Ge");

    private Tensor CompareScalar(BinaryOp op, double value, string operation)
    {
        // >, < and == against a number are one kernel with the number as an argument; the others (and integer
        // tensors) compare against an uploaded one-element tensor.
        UnaryOp? unary = op switch
        {
            BinaryOp.Greater => UnaryOp.GreaterScalar,
            BinaryOp.Less => UnaryOp.LessScalar,
            BinaryOp.Equal => UnaryOp.EqualScalar,
            _ => null,
        };
        if (unary is { } kernel && DType.IsFloatingPoint())
        {
            return Unary(kernel, this, value);
        }

        using var scalar = Scalar(value, DType, Backend);
        return Binary(op, this, scalar, operation);
    }

    private GatherLayout GatherLayoutFor(int axis, Tensor index, string operation)
    {
        index.CheckIndex(operation);
        var expected = Shape.ToArray();
        expected[axis] = index.Rank == Rank ? index.Shape[axis] : -1;
        if (index.Rank != Rank || !index.Shape.ToArray().SequenceEqual(expected))
        {
            throw new ArgumentException(
                $"{operation}: index shape {index.Shape} must match input shape {Shape} except along axis {axis}.");
        }

        return new GatherLayout(Shape.Outer(axis), Shape[axis], index.Shape[axis], Shape.Inner(axis));
    }
}
