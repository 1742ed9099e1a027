using Lessons.Backends;

namespace Lessons.Backends.Cpu;

/// <summary>A CPU buffer: a plain managed array the learner can inspect in the debugger.</summary>
internal sealed class CpuBuffer<T> : DeviceBuffer where T : unmanaged
{
    public CpuBuffer(CpuBackend backend, T[] data)
        : base(backend, DTypes.Of<T>(), data.Length)
    {
        Data = data;
    }

    /// <summary>The elements, row-major.</summary>
    public T[] Data { get; private set; }

    /// <summary>Drops the array so a use after dispose fails loudly; the GC reclaims the memory.</summary>
    protected override void Release() => Data = [];
}
