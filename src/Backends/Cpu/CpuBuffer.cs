using Lessons.Backends;

namespace Lessons.Backends.Cpu;

/// <summary>A CPU buffer: a plain managed array the learner can inspect in the debugger.</summary>
internal sealed class CpuBuffer<T> : DeviceBuffer where T : unmanaged
{
    private readonly BufferPool? pool;

    public CpuBuffer(CpuBackend backend, T[] data, BufferPool? pool = null)
        : base(backend, DTypes.Of<T>(), data.Length)
    {
        Data = data;
        this.pool = pool;
    }

    /// <summary>The elements, row-major.</summary>
    public T[] Data { get; private set; }

    /// <summary>Gives the array back to the pool (if it came from one) and drops it, so a use after dispose
    /// fails.</summary>
    protected override void Release()
    {
        pool?.Return(Data);
        Data = [];
    }
}
