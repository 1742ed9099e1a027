using System.Numerics;
using Lessons.Backends;

namespace Lessons.Backends.Cpu;

/// <summary>
/// The CPU primitives for one element type. <see cref="CpuBackend"/> picks the instance for a buffer's dtype
/// once, and each method here unwraps the buffers to typed arrays and hands them to a kernel class
/// (<see cref="ElementWise"/>, <see cref="Reductions"/>, <see cref="Gemm"/>, <see cref="SoftmaxRows"/>,
/// <see cref="GatherScatter"/>, <see cref="Scan"/>, <see cref="Fused"/>). What integers can do (copy, compare,
/// add, reduce, gather) is written once for every <see cref="INumber{T}"/>; what needs real numbers (exp,
/// matmul, softmax, the optimizers) is written once more for every <see cref="IFloatingPointIeee754{T}"/>,
/// float and double alike, and is an error on Int32.
/// </summary>
internal abstract class TypedPrimitives(CpuBackend owner)
{
    /// <summary>The backend whose buffers these are (a buffer of another backend is an error).</summary>
    protected CpuBackend Owner { get; } = owner;

    public abstract void Fill(DeviceBuffer y, double value);

    public abstract void Copy(DeviceBuffer x, BroadcastLayout layout, DeviceBuffer y, int offset);

    /// <summary>y = x converted, x being of this type and y of any.</summary>
    public abstract void Cast(DeviceBuffer x, DeviceBuffer y);

    /// <summary>The other half of <see cref="Cast"/>: y, of this type, receives values of type TFrom.</summary>
    public abstract void CastFrom<TFrom>(TFrom[] x, DeviceBuffer y) where TFrom : unmanaged, INumber<TFrom>;

    public abstract void Binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, BroadcastLayout layout);

    public abstract void Where(DeviceBuffer condition, DeviceBuffer a, DeviceBuffer b, DeviceBuffer y,
        BroadcastLayout layout);

    public abstract void Reduce(ReduceOp op, DeviceBuffer x, DeviceBuffer y, AxisLayout layout);

    public abstract void CumSum(DeviceBuffer x, DeviceBuffer y, AxisLayout layout);

    public abstract void CopyToSlice(DeviceBuffer x, DeviceBuffer y, GatherLayout layout, int start);

    public abstract void Gather(DeviceBuffer x, DeviceBuffer index, DeviceBuffer y, GatherLayout layout);

    public abstract void IndexSelect(DeviceBuffer x, DeviceBuffer index, DeviceBuffer y, GatherLayout layout);

    public abstract void ScatterAdd(DeviceBuffer source, DeviceBuffer index, DeviceBuffer y, GatherLayout layout);

    // Real-number primitives: an error for integers, overridden by RealPrimitives<T>.

    public virtual void Unary(UnaryOp op, DeviceBuffer x, DeviceBuffer y, double alpha, double beta) =>
        throw NotReal(op.ToString());

    public virtual void MatMul(DeviceBuffer a, DeviceBuffer b, DeviceBuffer c, MatMulShape shape) =>
        throw NotReal("MatMul");

    public virtual void Softmax(DeviceBuffer x, DeviceBuffer y, int rows, int cols, bool log) =>
        throw NotReal("Softmax");

    public virtual void SoftmaxCrossEntropy(DeviceBuffer logits, DeviceBuffer labels, DeviceBuffer loss, int rows,
        int cols) => throw NotReal("SoftmaxCrossEntropy");

    public virtual void SoftmaxCrossEntropyBackward(DeviceBuffer logits, DeviceBuffer labels, DeviceBuffer upstream,
        DeviceBuffer grad, int rows, int cols) => throw NotReal("SoftmaxCrossEntropyBackward");

    public virtual void SquaredLossBackward(DeviceBuffer yHat, DeviceBuffer y, DeviceBuffer upstream,
        DeviceBuffer grad) => throw NotReal("SquaredLossBackward");

    public virtual void SgdUpdate(DeviceBuffer param, DeviceBuffer grad, double lr) => throw NotReal("SgdUpdate");

    public virtual void AdamUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer expAvg,
        DeviceBuffer expAvgSq, DeviceBuffer? maxExpAvgSq, AdamStep step) => throw NotReal("AdamUpdate");

    private static NotSupportedException NotReal(string operation) =>
        new($"{operation} is defined for floating-point tensors, not {DType.Int32}.");
}

/// <summary>The primitives every number type has; Int32 uses this class as it is.</summary>
internal class NumberPrimitives<T>(CpuBackend owner) : TypedPrimitives(owner) where T : unmanaged, INumber<T>
{
    // CreateTruncating converts as a C# cast does: (float)value, (int)value.
    public override void Fill(DeviceBuffer y, double value) => Data(y).AsSpan().Fill(T.CreateTruncating(value));

    public override void Copy(DeviceBuffer x, BroadcastLayout layout, DeviceBuffer y, int offset) =>
        ElementWise.Copy(Data(x), layout, Data(y), offset);

    public override void Cast(DeviceBuffer x, DeviceBuffer y) => Owner.For(y).CastFrom(Data(x), y);

    public override void CastFrom<TFrom>(TFrom[] x, DeviceBuffer y) => ElementWise.Cast<TFrom, T>(x, Data(y));

    public override void Binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, DeviceBuffer y,
        BroadcastLayout layout) => ElementWise.Binary(op, Data(a), Data(b), Data(y), layout);

    public override void Where(DeviceBuffer condition, DeviceBuffer a, DeviceBuffer b, DeviceBuffer y,
        BroadcastLayout layout) => ElementWise.Where(Data(condition), Data(a), Data(b), Data(y), layout);

    public override void Reduce(ReduceOp op, DeviceBuffer x, DeviceBuffer y, AxisLayout layout)
    {
        if (op is ReduceOp.ArgMax or ReduceOp.ArgMin)
        {
            Reductions.ArgReduce(op, Data(x), Indices(y), layout); // indices are Int32 whatever x is
        }
        else
        {
            Reductions.Reduce(op, Data(x), Data(y), layout);
        }
    }

    public override void CumSum(DeviceBuffer x, DeviceBuffer y, AxisLayout layout) =>
        Scan.CumSum(Data(x), Data(y), layout);

    public override void CopyToSlice(DeviceBuffer x, DeviceBuffer y, GatherLayout layout, int start) =>
        Scan.CopyToSlice(Data(x), Data(y), layout, start);

    public override void Gather(DeviceBuffer x, DeviceBuffer index, DeviceBuffer y, GatherLayout layout) =>
        GatherScatter.Gather(Data(x), Indices(index), Data(y), layout);

    public override void IndexSelect(DeviceBuffer x, DeviceBuffer index, DeviceBuffer y, GatherLayout layout) =>
        GatherScatter.IndexSelect(Data(x), Indices(index), Data(y), layout);

    public override void ScatterAdd(DeviceBuffer source, DeviceBuffer index, DeviceBuffer y, GatherLayout layout) =>
        GatherScatter.ScatterAdd(Data(source), Indices(index), Data(y), layout);

    /// <summary>The elements of a buffer of this type.</summary>
    protected T[] Data(DeviceBuffer buffer) => Owner.Data<T>(buffer);

    /// <summary>The elements of an Int32 buffer: labels, indices, argmax results.</summary>
    protected int[] Indices(DeviceBuffer buffer) => Owner.Data<int>(buffer);
}

/// <summary>The primitives of real numbers, written once for float and double.</summary>
internal sealed class RealPrimitives<T>(CpuBackend owner) : NumberPrimitives<T>(owner)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public override void Unary(UnaryOp op, DeviceBuffer x, DeviceBuffer y, double alpha, double beta) =>
        ElementWise.Unary(op, Data(x), Data(y), T.CreateTruncating(alpha), T.CreateTruncating(beta));

    public override void MatMul(DeviceBuffer a, DeviceBuffer b, DeviceBuffer c, MatMulShape shape) =>
        Gemm.Multiply(Data(a), Data(b), Data(c), shape);

    public override void Softmax(DeviceBuffer x, DeviceBuffer y, int rows, int cols, bool log) =>
        SoftmaxRows.Softmax(Data(x), Data(y), rows, cols, log);

    public override void SoftmaxCrossEntropy(DeviceBuffer logits, DeviceBuffer labels, DeviceBuffer loss, int rows,
        int cols) => SoftmaxRows.CrossEntropy(Data(logits), Indices(labels), Data(loss), rows, cols);

    public override void SoftmaxCrossEntropyBackward(DeviceBuffer logits, DeviceBuffer labels,
        DeviceBuffer upstream, DeviceBuffer grad, int rows, int cols) =>
        SoftmaxRows.CrossEntropyBackward(Data(logits), Indices(labels), Data(upstream), Data(grad), rows, cols);

    public override void SquaredLossBackward(DeviceBuffer yHat, DeviceBuffer y, DeviceBuffer upstream,
        DeviceBuffer grad) => Fused.SquaredLossBackward(Data(yHat), Data(y), Data(upstream), Data(grad));

    public override void SgdUpdate(DeviceBuffer param, DeviceBuffer grad, double lr) =>
        Fused.SgdUpdate(Data(param), Data(grad), T.CreateTruncating(lr));

    public override void AdamUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer expAvg,
        DeviceBuffer expAvgSq, DeviceBuffer? maxExpAvgSq, AdamStep step) =>
        Fused.AdamUpdate(Data(param), Data(grad), Data(expAvg), Data(expAvgSq),
            maxExpAvgSq is null ? null : Data(maxExpAvgSq), step);
}
