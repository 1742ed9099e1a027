using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Lessons.Backends;
using Lessons.Configuration;

namespace Lessons.Backends.Cpu;

/// <summary>
/// The reference backend: plain C# over managed arrays, the semantics every other backend must reproduce.
/// Each primitive picks the element type once, by its buffer's dtype (<see cref="For"/>), and runs the
/// <see cref="TypedPrimitives"/> of that type: generic math written once for float and double, and once more
/// for what Int32 can do too. Those hand typed arrays to a short kernel class (<see cref="ElementWise"/>,
/// <see cref="Reductions"/>, <see cref="Gemm"/>, <see cref="SoftmaxRows"/>, <see cref="GatherScatter"/>,
/// <see cref="Fused"/>).
/// </summary>
public sealed partial class CpuBackend : IBackend
{
    private readonly BufferPool pool = new();
    private readonly TypedPrimitives floats, doubles, ints;

    /// <summary>Creates the CPU backend; it needs no configuration.</summary>
    public CpuBackend()
    {
        (floats, doubles, ints) = (new RealPrimitives<float>(this), new RealPrimitives<double>(this),
            new NumberPrimitives<int>(this));
    }

    /// <summary>Creates the CPU backend from configuration (the signature the <see cref="Backend"/> front door
    /// uses).</summary>
    public CpuBackend(LessonsConfig config)
        : this()
    {
        ArgumentNullException.ThrowIfNull(config);
    }

    /// <inheritdoc/>
    public string Name => "cpu";

    /// <inheritdoc/>
    public bool AcceptsConcurrentCalls => true;

    /// <inheritdoc/>
    public string DeviceName =>
        $"{Environment.ProcessorCount} cores, {SimdName}";

    private static string SimdName =>
        Vector512.IsHardwareAccelerated ? "AVX-512" : Vector256.IsHardwareAccelerated ? "AVX2" : "SSE/NEON";

    /// <inheritdoc/>
    public string Describe() =>
        $"backend: cpu (managed reference)\ndevice: {RuntimeInformation.OSArchitecture}, " +
        $"{DeviceName}\nfp64: yes\nruntime: {RuntimeInformation.FrameworkDescription}";

    /// <inheritdoc/>
    public bool Supports(DType dtype) => true;

    /// <inheritdoc/>
    public DeviceBuffer Allocate(DType dtype, int length, bool zeroed = true) => dtype switch
    {
        DType.Float32 => new CpuBuffer<float>(this, pool.Rent<float>(length, zeroed), pool),
        DType.Float64 => new CpuBuffer<double>(this, pool.Rent<double>(length, zeroed), pool),
        _ => new CpuBuffer<int>(this, pool.Rent<int>(length, zeroed), pool),
    };

    /// <inheritdoc/>
    public DeviceBuffer Upload<T>(ReadOnlySpan<T> data) where T : unmanaged => new CpuBuffer<T>(this, data.ToArray());

    /// <inheritdoc/>
    public void Download<T>(DeviceBuffer source, Span<T> destination) where T : unmanaged =>
        Data<T>(source).AsSpan(0, source.Length).CopyTo(destination);

    // Each primitive picks the element type once, by its first buffer, and runs the typed version.

    /// <inheritdoc/>
    public void Fill(DeviceBuffer y, double value) => For(y).Fill(y, value);

    /// <inheritdoc/>
    public void Copy(DeviceBuffer x, BroadcastLayout layout, DeviceBuffer y, int offset = 0) =>
        For(x).Copy(x, layout, y, offset);

    /// <inheritdoc/>
    public void Cast(DeviceBuffer x, DeviceBuffer y) => For(x).Cast(x, y);

    /// <inheritdoc/>
    public void Unary(UnaryOp op, DeviceBuffer x, DeviceBuffer y, double alpha = 0, double beta = 0) =>
        For(x).Unary(op, x, y, alpha, beta);

    /// <inheritdoc/>
    public void Binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, BroadcastLayout layout) =>
        For(a).Binary(op, a, b, y, layout);

    /// <inheritdoc/>
    public void Where(DeviceBuffer condition, DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, BroadcastLayout layout) =>
        For(a).Where(condition, a, b, y, layout);

    /// <inheritdoc/>
    public void Reduce(ReduceOp op, DeviceBuffer x, DeviceBuffer y, AxisLayout layout) =>
        For(x).Reduce(op, x, y, layout);

    /// <inheritdoc/>
    public void CumSum(DeviceBuffer x, DeviceBuffer y, AxisLayout layout) => For(x).CumSum(x, y, layout);

    /// <inheritdoc/>
    public void CopyToSlice(DeviceBuffer x, DeviceBuffer y, GatherLayout layout, int start) =>
        For(x).CopyToSlice(x, y, layout, start);

    /// <inheritdoc/>
    public void MatMul(DeviceBuffer a, DeviceBuffer b, DeviceBuffer c, MatMulShape shape) =>
        For(a).MatMul(a, b, c, shape);

    /// <inheritdoc/>
    public void Softmax(DeviceBuffer x, DeviceBuffer y, int rows, int cols, bool log) =>
        For(x).Softmax(x, y, rows, cols, log);

    /// <inheritdoc/>
    public void Gather(DeviceBuffer x, DeviceBuffer index, DeviceBuffer y, GatherLayout layout) =>
        For(x).Gather(x, index, y, layout);

    /// <inheritdoc/>
    public void IndexSelect(DeviceBuffer x, DeviceBuffer index, DeviceBuffer y, GatherLayout layout) =>
        For(x).IndexSelect(x, index, y, layout);

    /// <inheritdoc/>
    public void ScatterAdd(DeviceBuffer source, DeviceBuffer index, DeviceBuffer y, GatherLayout layout) =>
        For(source).ScatterAdd(source, index, y, layout);

    /// <inheritdoc/>
    public void SoftmaxCrossEntropy(DeviceBuffer logits, DeviceBuffer labels, DeviceBuffer loss, int rows, int cols) =>
        For(logits).SoftmaxCrossEntropy(logits, labels, loss, rows, cols);

    /// <inheritdoc/>
    public void SoftmaxCrossEntropyBackward(
        DeviceBuffer logits, DeviceBuffer labels, DeviceBuffer upstream, DeviceBuffer grad, int rows, int cols) =>
        For(logits).SoftmaxCrossEntropyBackward(logits, labels, upstream, grad, rows, cols);

    /// <inheritdoc/>
    public void SquaredLossBackward(DeviceBuffer yHat, DeviceBuffer y, DeviceBuffer upstream, DeviceBuffer grad) =>
        For(yHat).SquaredLossBackward(yHat, y, upstream, grad);

    /// <inheritdoc/>
    public void SgdUpdate(DeviceBuffer param, DeviceBuffer grad, double lr) => For(param).SgdUpdate(param, grad, lr);

    /// <inheritdoc/>
    public void AdamUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer expAvg, DeviceBuffer expAvgSq,
        DeviceBuffer? maxExpAvgSq, AdamStep step) =>
        For(param).AdamUpdate(param, grad, expAvg, expAvgSq, maxExpAvgSq, step);

    /// <summary>Nothing to release: managed arrays go back to the GC.</summary>
    public void Dispose()
    {
    }

    /// <summary>The primitives of <paramref name="buffer"/>'s element type.</summary>
    internal TypedPrimitives For(DeviceBuffer buffer) => buffer.DType switch
    {
        DType.Float32 => floats,
        DType.Float64 => doubles,
        _ => ints,
    };

    /// <summary>The array behind a buffer of this backend, checked to be of type T and not disposed.</summary>
    internal T[] Data<T>(DeviceBuffer buffer) where T : unmanaged
    {
        if (buffer is not CpuBuffer<T> cpu || !ReferenceEquals(buffer.Backend, this))
        {
            throw new ArgumentException(
                buffer is CpuBuffer<T>
                    ? "This buffer belongs to another CPU backend instance."
                    : $"Expected a CPU buffer of {DTypes.Of<T>()}, got {buffer.GetType().Name} of {buffer.DType}.");
        }

        ObjectDisposedException.ThrowIf(buffer.IsDisposed, buffer);
        return cpu.Data;
    }
}
