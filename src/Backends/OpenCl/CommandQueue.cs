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
        // The profile reads each kernel's start and end from the device's own clock (event profiling), so the
        // launch and the wait are not counted in a kernel's time.
        var properties = Profile is null ? CommandQueueProperties.None : CommandQueueProperties.ProfilingEnable;
        Handle = Api.CreateCommandQueue(context, device, properties, &status);
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

            nint done = 0;
            var doneEvent = Profile is null ? null : &done;
            var status = Api.EnqueueNdrangeKernel(
                Handle, kernel.Handle, (uint)dims, null, globalSize, localSize, 0, null, doneEvent);
            ClStatus.Check(
                status,
                "clEnqueueNDRangeKernel",
                $"kernel '{kernel.Name}'");
            if (Profile is { } profile)
            {
                Finish();
                ulong start = 0, end = 0;
                Api.GetEventProfilingInfo(done, ProfilingInfo.Start, (nuint)sizeof(ulong), &start, null);
                Api.GetEventProfilingInfo(done, ProfilingInfo.End, (nuint)sizeof(ulong), &end, null);
                Api.ReleaseEvent(done);
                var items = 1L;
                for (var d = 0; d < dims; d++)
                {
                    items *= (long)globalSize[d];
                }

                profile.Add(kernel.Name, items, TimeSpan.FromTicks((long)(end - start) / 100));
            }
        }
    }

    /// <summary>
    /// With LESSONS_OPENCL_PROFILE=1, every launch is waited for and its time on the device (from the event's start
    /// to its end, without the launch) is added up per kernel and work size; the backend prints the table when
    /// disposed. Slow, but it shows where a device spends its time.
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
