using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Lessons.Backends;
using Lessons.Configuration;

namespace Lessons.Backends.Cpu;

/// <summary>
/// The reference backend: plain C# over managed arrays, the semantics every other backend must reproduce.
/// Each primitive picks the element type once here and hands typed arrays to a short kernel class
/// (<see cref="ElementWise"/>, <see cref="Reductions"/>, <see cref="Gemm"/>, <see cref="SoftmaxRows"/>,
/// <see cref="GatherScatter"/>).
/// </summary>
public sealed partial class CpuBackend : IBackend
{
    private readonly BufferPool pool = new();

    /// <summary>Creates the CPU backend; it needs no configuration.</summary>
    public CpuBackend()
    {
    }

    /// <summary>Creates the CPU backend from configuration (the signature the <see cref="Backend"/> front door
    /// uses).</summary>
    public CpuBackend(LessonsConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
    }

    /// <inheritdoc/>
    public string Name => "cpu";

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

    /// <inheritdoc/>
    public void Fill(DeviceBuffer y, double value)
    {
        switch (y.DType)
        {
            case DType.Float32: Data<float>(y).AsSpan().Fill((float)value); break;
            case DType.Float64: Data<double>(y).AsSpan().Fill(value); break;
            default: Data<int>(y).AsSpan().Fill((int)value); break;
        }
    }

    /// <inheritdoc/>
    public void Copy(DeviceBuffer x, BroadcastLayout layout, DeviceBuffer y, int offset = 0)
    {
        switch (x.DType)
        {
            case DType.Float32: ElementWise.Copy(Data<float>(x), layout, Data<float>(y), offset); break;
            case DType.Float64: ElementWise.Copy(Data<double>(x), layout, Data<double>(y), offset); break;
            default: ElementWise.Copy(Data<int>(x), layout, Data<int>(y), offset); break;
        }
    }

    /// <inheritdoc/>
    public void Cast(DeviceBuffer x, DeviceBuffer y)
    {
        switch (x.DType)
        {
            case DType.Float32: CastTo<float>(Data<float>(x), y); break;
            case DType.Float64: CastTo<double>(Data<double>(x), y); break;
            default: CastTo<int>(Data<int>(x), y); break;
        }
    }

    /// <inheritdoc/>
    public void Unary(UnaryOp op, DeviceBuffer x, DeviceBuffer y, double alpha = 0, double beta = 0)
    {
        switch (x.DType)
        {
            case DType.Float32: ElementWise.Unary(op, Data<float>(x), Data<float>(y), (float)alpha, (float)beta); break;
            case DType.Float64: ElementWise.Unary(op, Data<double>(x), Data<double>(y), alpha, beta); break;
            default: throw new NotSupportedException($"{op} is defined for floating-point tensors, not {x.DType}.");
        }
    }

    /// <inheritdoc/>
    public void Binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, BroadcastLayout layout)
    {
        switch (a.DType)
        {
            case DType.Float32: ElementWise.Binary(op, Data<float>(a), Data<float>(b), Data<float>(y), layout); break;
            case DType.Float64:
                ElementWise.Binary(op, Data<double>(a), Data<double>(b), Data<double>(y), layout);
                break;
            default: ElementWise.Binary(op, Data<int>(a), Data<int>(b), Data<int>(y), layout); break;
        }
    }

    /// <inheritdoc/>
    public void Where(DeviceBuffer condition, DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, BroadcastLayout layout)
    {
        switch (a.DType)
        {
            case DType.Float32:
                ElementWise.Where(Data<float>(condition), Data<float>(a), Data<float>(b), Data<float>(y), layout);
                break;
            case DType.Float64:
                ElementWise.Where(Data<double>(condition), Data<double>(a), Data<double>(b), Data<double>(y), layout);
                break;
            default:
                ElementWise.Where(Data<int>(condition), Data<int>(a), Data<int>(b), Data<int>(y), layout);
                break;
        }
    }

    /// <inheritdoc/>
    public void Reduce(ReduceOp op, DeviceBuffer x, DeviceBuffer y, AxisLayout layout)
    {
        var isArg = op is ReduceOp.ArgMax or ReduceOp.ArgMin;
        switch (x.DType)
        {
            case DType.Float32 when isArg: Reductions.ArgReduce(op, Data<float>(x), Data<int>(y), layout); break;
            case DType.Float64 when isArg: Reductions.ArgReduce(op, Data<double>(x), Data<int>(y), layout); break;
            case DType.Int32 when isArg: Reductions.ArgReduce(op, Data<int>(x), Data<int>(y), layout); break;
            case DType.Float32: Reductions.Reduce(op, Data<float>(x), Data<float>(y), layout); break;
            case DType.Float64: Reductions.Reduce(op, Data<double>(x), Data<double>(y), layout); break;
            default: Reductions.Reduce(op, Data<int>(x), Data<int>(y), layout); break;
        }
    }

    /// <inheritdoc/>
    public void CumSum(DeviceBuffer x, DeviceBuffer y, AxisLayout layout)
    {
        switch (x.DType)
        {
            case DType.Float32: Scan.CumSum(Data<float>(x), Data<float>(y), layout); break;
            case DType.Float64: Scan.CumSum(Data<double>(x), Data<double>(y), layout); break;
            default: Scan.CumSum(Data<int>(x), Data<int>(y), layout); break;
        }
    }

    /// <inheritdoc/>
    public void CopyToSlice(DeviceBuffer x, DeviceBuffer y, GatherLayout layout, int start)
    {
        switch (x.DType)
        {
            case DType.Float32: Scan.CopyToSlice(Data<float>(x), Data<float>(y), layout, start); break;
            case DType.Float64: Scan.CopyToSlice(Data<double>(x), Data<double>(y), layout, start); break;
            default: Scan.CopyToSlice(Data<int>(x), Data<int>(y), layout, start); break;
        }
    }

    /// <inheritdoc/>
    public void MatMul(DeviceBuffer a, DeviceBuffer b, DeviceBuffer c, MatMulShape shape)
    {
        switch (a.DType)
        {
            case DType.Float32: Gemm.Multiply(Data<float>(a), Data<float>(b), Data<float>(c), shape); break;
            case DType.Float64: Gemm.Multiply(Data<double>(a), Data<double>(b), Data<double>(c), shape); break;
            default: throw new NotSupportedException($"MatMul is defined for floating-point tensors, not {a.DType}.");
        }
    }

    /// <inheritdoc/>
    public void Softmax(DeviceBuffer x, DeviceBuffer y, int rows, int cols, bool log)
    {
        switch (x.DType)
        {
            case DType.Float32: SoftmaxRows.Softmax(Data<float>(x), Data<float>(y), rows, cols, log); break;
            case DType.Float64: SoftmaxRows.Softmax(Data<double>(x), Data<double>(y), rows, cols, log); break;
            default: throw new NotSupportedException($"Softmax is defined for floating-point tensors, not {x.DType}.");
        }
    }

    /// <inheritdoc/>
    public void Gather(DeviceBuffer x, DeviceBuffer index, DeviceBuffer y, GatherLayout layout)
    {
        switch (x.DType)
        {
            case DType.Float32: GatherScatter.Gather(Data<float>(x), Data<int>(index), Data<float>(y), layout); break;
            case DType.Float64: GatherScatter.Gather(Data<double>(x), Data<int>(index), Data<double>(y), layout); break;
            default: GatherScatter.Gather(Data<int>(x), Data<int>(index), Data<int>(y), layout); break;
        }
    }

    /// <inheritdoc/>
    public void IndexSelect(DeviceBuffer x, DeviceBuffer index, DeviceBuffer y, GatherLayout layout)
    {
        switch (x.DType)
        {
            case DType.Float32:
                GatherScatter.IndexSelect(Data<float>(x), Data<int>(index), Data<float>(y), layout);
                break;
            case DType.Float64:
                GatherScatter.IndexSelect(Data<double>(x), Data<int>(index), Data<double>(y), layout);
                break;
            default: GatherScatter.IndexSelect(Data<int>(x), Data<int>(index), Data<int>(y), layout); break;
        }
    }

    /// <inheritdoc/>
    public void ScatterAdd(DeviceBuffer source, DeviceBuffer index, DeviceBuffer y, GatherLayout layout)
    {
        switch (source.DType)
        {
            case DType.Float32:
                GatherScatter.ScatterAdd(Data<float>(source), Data<int>(index), Data<float>(y), layout);
                break;
            case DType.Float64:
                GatherScatter.ScatterAdd(Data<double>(source), Data<int>(index), Data<double>(y), layout);
                break;
            default:
                GatherScatter.ScatterAdd(Data<int>(source), Data<int>(index), Data<int>(y), layout);
                break;
        }
    }

    /// <inheritdoc/>
    public void SoftmaxCrossEntropy(DeviceBuffer logits, DeviceBuffer labels, DeviceBuffer loss, int rows, int cols)
    {
        switch (logits.DType)
        {
            case DType.Float32:
                SoftmaxRows.CrossEntropy(Data<float>(logits), Data<int>(labels), Data<float>(loss), rows, cols);
                break;
            case DType.Float64:
                SoftmaxRows.CrossEntropy(Data<double>(logits), Data<int>(labels), Data<double>(loss), rows, cols);
                break;
            default:
                throw new NotSupportedException(
                    $"SoftmaxCrossEntropy needs floating-point logits, not {logits.DType}.");
        }
    }

    /// <inheritdoc/>
    public void SoftmaxCrossEntropyBackward(
        DeviceBuffer logits, DeviceBuffer labels, DeviceBuffer upstream, DeviceBuffer grad, int rows, int cols)
    {
        switch (logits.DType)
        {
            case DType.Float32:
                SoftmaxRows.CrossEntropyBackward(
                    Data<float>(logits), Data<int>(labels), Data<float>(upstream), Data<float>(grad), rows, cols);
                break;
            case DType.Float64:
                SoftmaxRows.CrossEntropyBackward(
                    Data<double>(logits), Data<int>(labels), Data<double>(upstream), Data<double>(grad), rows, cols);
                break;
            default:
                throw new NotSupportedException(
                    $"SoftmaxCrossEntropy needs floating-point logits, not {logits.DType}.");
        }
    }

    /// <inheritdoc/>
    public void SquaredLossBackward(DeviceBuffer yHat, DeviceBuffer y, DeviceBuffer upstream, DeviceBuffer grad)
    {
        switch (yHat.DType)
        {
            case DType.Float32:
                Fused.SquaredLossBackward(Data<float>(yHat), Data<float>(y), Data<float>(upstream), Data<float>(grad));
                break;
            case DType.Float64:
                Fused.SquaredLossBackward(
                    Data<double>(yHat), Data<double>(y), Data<double>(upstream), Data<double>(grad));
                break;
            default: throw new NotSupportedException($"SquaredLoss needs floating-point tensors, not {yHat.DType}.");
        }
    }

    /// <inheritdoc/>
    public void SgdUpdate(DeviceBuffer param, DeviceBuffer grad, double lr)
    {
        switch (param.DType)
        {
            case DType.Float32: Fused.SgdUpdate(Data<float>(param), Data<float>(grad), (float)lr); break;
            case DType.Float64: Fused.SgdUpdate(Data<double>(param), Data<double>(grad), lr); break;
            default: throw new NotSupportedException($"SgdUpdate needs floating-point parameters, not {param.DType}.");
        }
    }

    /// <inheritdoc/>
    public void AdamUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer expAvg, DeviceBuffer expAvgSq,
        DeviceBuffer? maxExpAvgSq, AdamStep step)
    {
        switch (param.DType)
        {
            case DType.Float32:
                Fused.AdamUpdate(Data<float>(param), Data<float>(grad), Data<float>(expAvg), Data<float>(expAvgSq),
                    maxExpAvgSq is null ? null : Data<float>(maxExpAvgSq), step);
                break;
            case DType.Float64:
                Fused.AdamUpdate(Data<double>(param), Data<double>(grad), Data<double>(expAvg), Data<double>(expAvgSq),
                    maxExpAvgSq is null ? null : Data<double>(maxExpAvgSq), step);
                break;
            default: throw new NotSupportedException($"AdamUpdate needs floating-point parameters, not {param.DType}.");
        }
    }

    /// <summary>Nothing to release: managed arrays go back to the GC.</summary>
    public void Dispose()
    {
    }

    private T[] Data<T>(DeviceBuffer buffer) where T : unmanaged
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

    private void CastTo<TFrom>(TFrom[] x, DeviceBuffer y) where TFrom : unmanaged, INumber<TFrom>
    {
        switch (y.DType)
        {
            case DType.Float32: ElementWise.Cast<TFrom, float>(x, Data<float>(y)); break;
            case DType.Float64: ElementWise.Cast<TFrom, double>(x, Data<double>(y)); break;
            default: ElementWise.Cast<TFrom, int>(x, Data<int>(y)); break;
        }
    }
}
