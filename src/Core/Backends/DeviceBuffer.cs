namespace Lessons.Backends;

/// <summary>
/// A block of memory owned by a backend: a managed array on the CPU, a cl_mem on OpenCL.
/// Core never looks inside; it hands buffers back to the backend that made them.
/// </summary>
public abstract class DeviceBuffer : IDisposable
{
    /// <summary>Creates the bookkeeping part of a buffer.</summary>
    protected DeviceBuffer(IBackend backend, DType dtype, int length)
    {
        Backend = backend;
        DType = dtype;
        Length = length;
    }

    /// <summary>The backend that allocated this buffer and alone may use it.</summary>
    public IBackend Backend { get; }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>True once the memory has been given back.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Gives the memory back to the backend; safe to call twice.</summary>
    public void Dispose()
    {
        if (!IsDisposed)
        {
            IsDisposed = true;
            Release();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the native or managed memory behind the buffer; called once.</summary>
    protected abstract void Release();
}
