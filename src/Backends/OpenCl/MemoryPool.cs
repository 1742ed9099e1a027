namespace Lessons.Backends.OpenCl;

/// <summary>
/// The device memory of disposed buffers, kept for the next buffer of the same size, as PyTorch's caching allocator
/// keeps CUDA memory. A training step frees and allocates the same sizes every time (the minibatch, activations,
/// gradients, temporaries). On POCL every clCreateBuffer is a malloc and every release a free; the first kernel to
/// write fresh memory takes a page fault per 4 KiB (200 of them for a 256 × 784 minibatch), and in a profile of
/// the softmax-regression epoch malloc, free and those faults took more time than either matrix product. On a GPU
/// an allocation is a driver call too.
/// </summary>
/// <remarks>
/// Handing a released cl_mem to a new buffer is safe because the backend has one in-order queue: every kernel
/// enqueued with the old buffer runs before any kernel enqueued with the new one. Not thread-safe; the backend
/// calls it under its lock.
/// </remarks>
internal sealed class MemoryPool(long maxRetainedBytes)
{
    private readonly Dictionary<long, Stack<nint>> free = [];

    /// <summary>Bytes of device memory waiting here for reuse.</summary>
    public long RetainedBytes { get; private set; }

    /// <summary>Number of cl_mem objects handed out again instead of created (for tests and benchmarks).</summary>
    public long Reused { get; private set; }

    /// <summary>A kept cl_mem of exactly <paramref name="bytes"/> bytes, or 0 when there is none.</summary>
    public nint Rent(long bytes)
    {
        if (!free.TryGetValue(bytes, out var stack) || stack.Count == 0)
        {
            return 0;
        }

        RetainedBytes -= bytes;
        Reused++;
        return stack.Pop();
    }

    /// <summary>
    /// Keeps <paramref name="mem"/> for reuse, or returns false when that would retain more than the limit (the
    /// caller then releases it), so a finished run does not hold its peak memory.
    /// </summary>
    public bool Keep(nint mem, long bytes)
    {
        if (RetainedBytes + bytes > maxRetainedBytes)
        {
            return false;
        }

        if (!free.TryGetValue(bytes, out var stack))
        {
            free[bytes] = stack = new Stack<nint>();
        }

        stack.Push(mem);
        RetainedBytes += bytes;
        return true;
    }

    /// <summary>Hands every kept cl_mem to <paramref name="release"/> and empties the pool.</summary>
    public void ReleaseAll(Action<nint> release)
    {
        foreach (var mem in free.Values.SelectMany(stack => stack))
        {
            release(mem);
        }

        free.Clear();
        RetainedBytes = 0;
    }
}
