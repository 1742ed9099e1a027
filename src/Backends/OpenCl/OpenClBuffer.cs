namespace Lessons.Backends.OpenCl;

/// <summary>
/// A buffer in device memory: a cl_mem owned by its <see cref="OpenClBackend"/>. A zero-length buffer has no
/// cl_mem at all (<see cref="Mem"/> is 0), as in ILGPU: OpenCL cannot allocate zero bytes.
/// </summary>
public sealed class OpenClBuffer : DeviceBuffer
{
    private readonly OpenClBackend owner;

    internal OpenClBuffer(OpenClBackend owner, DType dtype, int length, nint mem)
        : base(owner, dtype, length)
    {
        this.owner = owner;
        Mem = mem;
    }

    /// <summary>
    /// True when a kernel, not the host, gave this memory its first values: such memory goes back to the pool when
    /// the buffer is disposed. Uploads never take pooled memory (see <see cref="OpenClBackend"/>'s Create), so
    /// keeping theirs would let a loop that uploads every step fill the pool with memory nothing takes back.
    /// </summary>
    internal bool Poolable { get; init; }

    /// <summary>The cl_mem handle, or 0 for a zero-length buffer.</summary>
    internal nint Mem { get; private set; }

    /// <summary>Size in bytes.</summary>
    public long Bytes => (long)Length * DType.SizeOf();

    /// <summary>
    /// For an Int32 buffer: bounds that every element is known to lie within, or null when unknown. Set from
    /// the host's data on upload and fill, and by kernels whose output range is known (ArgMax, Copy). Gather
    /// and cross-entropy check their indices against these bounds, so labels uploaded each training step are
    /// validated without reading anything back from the device.
    /// </summary>
    internal (int Min, int Max)? KnownRange { get; set; }

    /// <summary>Gives the cl_mem back; called once by <see cref="DeviceBuffer.Dispose"/>.</summary>
    protected override void Release()
    {
        owner.Free(this);
        Mem = 0;
    }
}
