using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Lessons.Backends.OpenCl.Native;
using Lessons.Configuration;
using Lessons.Memory;
using Silk.NET.OpenCL;
using static Lessons.Backends.OpenCl.Native.Cl;

namespace Lessons.Backends.OpenCl;

/// <summary>
/// The OpenCL backend: every <see cref="IBackend"/> primitive as a kernel from <c>Kernels/*.cl</c>, with the
/// CPU backend's semantics. Work is enqueued on one in-order queue and runs asynchronously; a download is the
/// only point where the host waits. The backend owns every buffer, kernel and program it creates and releases
/// them all on <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// This file holds the lifetime and memory; the primitives live in the other OpenClBackend.*.cs files.
/// </remarks>
public sealed partial class OpenClBackend : IBackend
{
    private readonly nint context;
    private readonly CommandQueue queue;
    private readonly KernelLibrary kernels;
    private readonly HashSet<OpenClBuffer> live = [];
    private readonly Lock liveGate = new();
    /// <summary>
    /// The device memory of disposed buffers, kept for the next buffer of the same size in bytes, as PyTorch's
    /// caching allocator keeps CUDA memory. A training step frees and allocates the same sizes every time. On POCL
    /// every clCreateBuffer is a malloc and every release a free, and the first kernel to write fresh memory takes
    /// a page fault per 4 KiB (200 for a 256 × 784 minibatch): in a profile of the softmax-regression epoch they
    /// took more time than either matrix product. Handing a released cl_mem to a new buffer is safe because the
    /// one queue runs in order: every kernel that used the old buffer runs before any that uses the new one.
    /// Null on Oclgrind (see the constructor). Guarded by <c>liveGate</c>.
    /// </summary>
    private readonly FreeLists<long, nint>? pool;
    private long liveBytes;
    private bool disposed;

    /// <summary>Starts on the device that <paramref name="config"/>'s <c>openCl</c> section selects.</summary>
    /// <exception cref="OpenClException">No OpenCL platform, or no device matching the configuration.</exception>
    public OpenClBackend(LessonsConfig config)
        : this(DeviceSelector.Select(config.OpenCl))
    {
    }

    /// <summary>Starts on the default device (first GPU, else accelerator, else CPU).</summary>
    public OpenClBackend()
        : this(new LessonsConfig())
    {
    }

    /// <summary>Starts on a device already chosen.</summary>
    public unsafe OpenClBackend(OpenClDevice device)
    {
        Device = device;
        var handle = device.Handle;
        int status;
        context = Api.CreateContext(null, 1, &handle, null, null, &status);
        ClStatus.Check(status, "clCreateContext", device.ToString());
        try
        {
            queue = new CommandQueue(context, device.Handle);
        }
        catch
        {
            Api.ReleaseContext(context);
            throw;
        }

        kernels = new KernelLibrary(context, device);
        // Oclgrind checks that no kernel reads memory nobody wrote, and reused memory would hide such a read;
        // everywhere else disposed buffers are kept for reuse, up to an eighth of the device (at most 256 MiB).
        pool = device.IsOclgrind ? null : new FreeLists<long, nint>(Math.Min(256L << 20, device.GlobalMemory / 8));
    }

    /// <summary>The cl_context, for tests that build kernels of their own.</summary>
    internal nint ContextHandle => context;

    /// <summary>The device this backend runs on.</summary>
    public OpenClDevice Device { get; }

    /// <inheritdoc/>
    public string Name => "opencl";

    /// <inheritdoc/>
    public string DeviceName => Device.Name;

    /// <summary>Device buffers currently allocated (zero-length buffers own no memory and do not count).</summary>
    public int LiveBuffers
    {
        get
        {
            lock (liveGate)
            {
                return live.Count;
            }
        }
    }

    /// <summary>Bytes of device memory currently allocated.</summary>
    public long LiveBytes => Interlocked.Read(ref liveBytes);

    /// <summary>Bytes of device memory that disposed buffers left for reuse (not counted in
    /// <see cref="LiveBytes"/>).</summary>
    public long PooledBytes
    {
        get
        {
            lock (liveGate)
            {
                return pool?.RetainedBytes ?? 0;
            }
        }
    }

    /// <summary>Buffers that took the memory of a disposed one instead of allocating.</summary>
    public long ReusedBuffers
    {
        get
        {
            lock (liveGate)
            {
                return pool?.Reused ?? 0;
            }
        }
    }

    /// <summary>Number of programs compiled so far (one per kernel file, dtype and tile configuration).</summary>
    public int ProgramCount => kernels.ProgramCount;

    /// <inheritdoc/>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine("backend: opencl");
        text.AppendLine(CultureInfo.InvariantCulture, $"platform: {Device.PlatformName} ({Device.PlatformVersion})");
        text.AppendLine(CultureInfo.InvariantCulture, $"device: {Device.Name} ({Device.TypeName})");
        text.AppendLine(CultureInfo.InvariantCulture, $"driver version: {Device.DriverVersion}");
        text.AppendLine(CultureInfo.InvariantCulture, $"compute units: {Device.ComputeUnits}");
        var gib = Device.GlobalMemory / (1024.0 * 1024 * 1024);
        text.AppendLine(CultureInfo.InvariantCulture, $"global memory: {gib:F1} GiB");
        text.Append("fp64: ").Append(Device.HasFp64 ? "yes (Float64 tensors supported)" : "no (Float32 only)");
        return text.ToString();
    }

    /// <inheritdoc/>
    public bool Supports(DType dtype) => dtype != DType.Float64 || Device.HasFp64;

    /// <inheritdoc/>
    public unsafe DeviceBuffer Allocate(DType dtype, int length, bool zeroed = true)
    {
        if (Device.IsOclgrind && length > 0)
        {
            // Oclgrind's uninitialized-memory checker (21.10) keeps the record of a released buffer for the next
            // buffer at the same address unless the host writes that one, so a new buffer that only kernels
            // write looks uninitialized past the old one's size. On the simulator the zeros therefore come from
            // the host; everywhere else a kernel writes them, without any transfer.
            var bytes = (nuint)((long)length * dtype.SizeOf());
            var zeros = NativeMemory.AllocZeroed(bytes);
            try
            {
                var cleared = Create(dtype, length, zeros);
                cleared.KnownRange = (0, 0);
                return cleared;
            }
            finally
            {
                NativeMemory.Free(zeros);
            }
        }

        var buffer = Create(dtype, length, null);
        if (zeroed)
        {
            Fill(buffer, 0); // clCreateBuffer leaves memory uninitialized
        }

        return buffer;
    }

    /// <inheritdoc/>
    public unsafe DeviceBuffer Upload<T>(ReadOnlySpan<T> data) where T : unmanaged
    {
        var dtype = DTypes.Of<T>();
        OpenClBuffer buffer;
        fixed (T* source = data)
        {
            // CL_MEM_COPY_HOST_PTR copies during the call, so the span need not outlive it.
            buffer = Create(dtype, data.Length, source);
        }

        if (typeof(T) == typeof(int) && data.Length > 0)
        {
            buffer.KnownRange = IndexRange(MemoryMarshal.Cast<T, int>(data));
        }

        return buffer;
    }

    /// <inheritdoc/>
    public unsafe void Download<T>(DeviceBuffer source, Span<T> destination) where T : unmanaged
    {
        var buffer = Own(source, "Download");
        if (DTypes.Of<T>() != buffer.DType)
        {
            throw new ArgumentException(
                $"Download: the buffer holds {buffer.DType} but the destination is {typeof(T).Name}[].");
        }

        if (destination.Length < buffer.Length)
        {
            throw new ArgumentException(
                $"Download: the destination has {destination.Length} elements; the buffer has {buffer.Length}.");
        }

        if (buffer.Length == 0)
        {
            return;
        }

        fixed (T* target = destination)
        {
            queue.Read(buffer.Mem, target, buffer.Bytes);
        }
    }

    /// <inheritdoc/>
    public void Fill(DeviceBuffer y, double value)
    {
        var output = Output(y, "Fill");
        if (output.Length == 0)
        {
            return;
        }

        LaunchPerElement(
            kernels.Get("copy.cl", output.DType, "fill"),
            output.Length,
            output.Length, output, KernelArg.Real(output.DType, value));
        if (output.DType == DType.Int32)
        {
            output.KnownRange = ((int)value, (int)value);
        }
    }

    /// <summary>Releases every buffer still alive, every kernel and program, the queue and the context.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (queue.Profile is { } profile)
        {
            Console.Error.WriteLine($"OpenCL kernel profile ({Device.Name}):{Environment.NewLine}{profile}");
        }

        queue.Dispose(); // waits for pending work first
        lock (liveGate)
        {
            foreach (var buffer in live)
            {
                Api.ReleaseMemObject(buffer.Mem);
            }

            live.Clear();
            liveBytes = 0;
            pool?.Drain(mem => Api.ReleaseMemObject(mem));
        }

        kernels.Dispose();
        Api.ReleaseContext(context);
    }

    /// <summary>Called by <see cref="OpenClBuffer"/> when it is disposed.</summary>
    internal void Free(OpenClBuffer buffer)
    {
        lock (liveGate)
        {
            // After Dispose the buffer was already released with everything else.
            if (buffer.Mem != 0 && live.Remove(buffer))
            {
                // Safe while kernels that use it are still queued: OpenCL frees the memory once they finish, and
                // a kept one is next written by a kernel queued after them.
                if (!buffer.Poolable || pool?.Keep(buffer.Bytes, buffer.Mem, buffer.Bytes) != true)
                {
                    Api.ReleaseMemObject(buffer.Mem);
                }

                liveBytes -= buffer.Bytes;
            }
        }
    }

    private unsafe OpenClBuffer Create(DType dtype, int length, void* hostData)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        RequireSupported(dtype, "Allocate");
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length == 0)
        {
            return new OpenClBuffer(this, dtype, 0, 0);
        }

        var bytes = (nuint)((long)length * dtype.SizeOf());
        nint mem = 0;
        if (hostData is null)
        {
            lock (liveGate)
            {
                pool?.TryTake((long)bytes, (long)bytes, out mem);
            }
        }

        if (mem == 0)
        {
            // Host data is copied in at creation (CL_MEM_COPY_HOST_PTR): a write into kept memory would have to
            // wait for the whole queue, or keep the caller's span alive until the copy ran.
            var flags = MemFlags.ReadWrite | (hostData is null ? MemFlags.None : MemFlags.CopyHostPtr);
            int status;
            mem = Api.CreateBuffer(context, flags, bytes, hostData, &status);
            ClStatus.Check(status, "clCreateBuffer", $"{length} × {dtype} ({bytes} bytes) on {Device.Name}");
        }

        var buffer = new OpenClBuffer(this, dtype, length, mem) { Poolable = hostData is null };
        lock (liveGate)
        {
            live.Add(buffer);
            liveBytes += buffer.Bytes;
        }

        return buffer;
    }

    private void RequireSupported(DType dtype, string operation)
    {
        if (!Supports(dtype))
        {
            throw new NotSupportedException(
                $"{operation}: the OpenCL device '{Device.Name}' does not support double precision (cl_khr_fp64), " +
                "so Float64 tensors cannot live on it. Use Float32, or the CPU backend for float64 work " +
                "such as gradient checks.");
        }
    }

    /// <summary>The buffer as ours, or a clear error when it came from elsewhere or was disposed.</summary>
    private OpenClBuffer Own(DeviceBuffer buffer, string operation)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (buffer is not OpenClBuffer ours || !ReferenceEquals(ours.Backend, this))
        {
            throw new ArgumentException(
                $"{operation}: the buffer belongs to backend '{buffer.Backend.Name}', not to this OpenCL backend. " +
                "Move tensors between backends explicitly.");
        }

        if (ours.IsDisposed)
        {
            throw new ObjectDisposedException(nameof(OpenClBuffer), $"{operation}: the buffer was already disposed.");
        }

        return ours;
    }

    /// <summary>A buffer about to be written: whatever was known about its values no longer holds.</summary>
    private OpenClBuffer Output(DeviceBuffer buffer, string operation)
    {
        var ours = Own(buffer, operation);
        ours.KnownRange = null;
        return ours;
    }

    /// <summary>Enqueues an element-wise kernel: one work-item per element in groups of up to 256.</summary>
    private void LaunchPerElement(Kernel kernel, int n, params ReadOnlySpan<KernelArg> args) =>
        queue.Launch(kernel, [n], [Math.Min(256, kernel.MaxWorkGroupSize)], args);

    /// <summary>
    /// Enqueues a kernel over a 3-D range of (columns, rows, planes) work-items, one per element: groups of up to
    /// 256, columns first (neighbouring work-items, neighbouring addresses), each side a power of two no larger
    /// than the grid needs, so a 256×10 matrix runs as groups of 16×16 rather than mostly empty 256×1 ones.
    /// </summary>
    private void LaunchGrid(Kernel kernel, int[] shape, params ReadOnlySpan<KernelArg> args)
    {
        var budget = FloorPowerOfTwo(Math.Min(GroupBudget, kernel.MaxWorkGroupSize));
        var x = Math.Min(CeilPowerOfTwo(shape[0]), budget);
        var y = Math.Min(CeilPowerOfTwo(shape[1]), budget / x);
        var z = Math.Min(CeilPowerOfTwo(shape[2]), budget / x / y);
        queue.Launch(kernel, shape, [x, y, z], args);
    }

    private static void RequireSameDType(string operation, DeviceBuffer first, params ReadOnlySpan<DeviceBuffer> others)
    {
        foreach (var other in others)
        {
            if (other.DType != first.DType)
            {
                throw new ArgumentException(
                    $"{operation}: buffers must share one dtype, got {first.DType} and {other.DType}.");
            }
        }
    }

    private static void RequireLength(string operation, string name, DeviceBuffer buffer, long expected)
    {
        if (buffer.Length != expected)
        {
            throw new ArgumentException(
                $"{operation}: {name} has {buffer.Length} elements, expected {expected}.");
        }
    }
}
