using Lessons.Backends.OpenCl.Native;
using Silk.NET.OpenCL;
using static Lessons.Backends.OpenCl.Native.Cl;

namespace Lessons.Backends.OpenCl;

/// <summary>
/// The one in-order command queue every operation goes through. Enqueues return at once and the device works
/// through them in order, so a training step is a stream of kernel launches with no waiting in between; only
/// <see cref="Read"/> blocks, because the host needs the bytes. (Waiting after every launch costs about 50 µs
/// on POCL, an enqueue about 3 µs.)
/// </summary>
internal sealed unsafe class CommandQueue : IDisposable
{
    private readonly Lock gate = new(); // clSetKernelArg on a shared kernel object is not thread-safe

    public CommandQueue(nint context, nint device)
    {
        int status;
        Handle = Api.CreateCommandQueue(context, device, CommandQueueProperties.None, &status);
        ClStatus.Check(status, "clCreateCommandQueue");
    }

    public nint Handle { get; private set; }

    /// <summary>
    /// Sets the arguments and enqueues <paramref name="kernel"/> over <paramref name="global"/> work-items
    /// (each dimension rounded up to a multiple of <paramref name="local"/>; kernels check their bounds).
    /// </summary>
    public void Launch(
        Kernel kernel, ReadOnlySpan<int> global, ReadOnlySpan<int> local, params ReadOnlySpan<KernelArg> args)
    {
        var dims = global.Length;
        var globalSize = stackalloc nuint[dims];
        var localSize = stackalloc nuint[dims];
        for (var d = 0; d < dims; d++)
        {
            var l = Math.Max(1, local[d]);
            globalSize[d] = (nuint)((global[d] + l - 1) / l * l);
            localSize[d] = (nuint)l;
            if (globalSize[d] == 0)
            {
                return; // nothing to do; OpenCL rejects an empty range
            }
        }

        lock (gate)
        {
            for (var i = 0; i < args.Length; i++)
            {
                args[i].Set(kernel, (uint)i);
            }

            var started = Profile is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
            ClStatus.Check(
                Api.EnqueueNdrangeKernel(Handle, kernel.Handle, (uint)dims, null, globalSize, localSize, 0, null, null),
                "clEnqueueNDRangeKernel",
                $"kernel '{kernel.Name}'");
            if (Profile is { } profile)
            {
                Finish();
                profile.Add(kernel.Name, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            }
        }
    }

    /// <summary>
    /// With LESSONS_OPENCL_PROFILE=1, every launch is waited for and timed per kernel (slow, but it shows where a
    /// device spends its time); the backend prints the table when disposed.
    /// </summary>
    public KernelProfile? Profile { get; } =
        Environment.GetEnvironmentVariable("LESSONS_OPENCL_PROFILE") == "1" ? new KernelProfile() : null;

    /// <summary>Enqueues a device-side copy of <paramref name="bytes"/> bytes.</summary>
    public void Copy(nint source, nint destination, long bytes)
    {
        ClStatus.Check(
            Api.EnqueueCopyBuffer(Handle, source, destination, 0, 0, (nuint)bytes, 0, null, null),
            "clEnqueueCopyBuffer");
    }

    /// <summary>Waits for everything enqueued so far, then copies <paramref name="bytes"/> bytes to the host.</summary>
    public void Read(nint mem, void* destination, long bytes)
    {
        ClStatus.Check(
            Api.EnqueueReadBuffer(Handle, mem, true, 0, (nuint)bytes, destination, 0, null, null),
            "clEnqueueReadBuffer");
    }

    /// <summary>Waits until the device has finished everything enqueued (benchmarks and disposal only).</summary>
    public void Finish() => ClStatus.Check(Api.Finish(Handle), "clFinish");

    public void Dispose()
    {
        if (Handle != 0)
        {
            Api.Finish(Handle);
            Api.ReleaseCommandQueue(Handle);
            Handle = 0;
        }
    }
}
