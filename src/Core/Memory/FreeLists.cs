using System.Diagnostics.CodeAnalysis;

namespace Lessons.Memory;

/// <summary>
/// Things of one size each (a disposed buffer's array, a device's memory), kept for the next request of exactly
/// that size, up to a number of bytes in all so that a finished run does not hold its peak memory. Both backends
/// pool their buffers with it: the CPU's arrays (<c>BufferPool</c>) and an OpenCL device's memory. Not
/// thread-safe: the caller locks.
/// </summary>
internal sealed class FreeLists<TKey, TItem>(long maxRetainedBytes) where TKey : notnull
{
    private readonly Dictionary<TKey, Stack<TItem>> free = [];

    /// <summary>Bytes waiting here for reuse.</summary>
    public long RetainedBytes { get; private set; }

    /// <summary>Number of things handed out again (for tests and benchmarks).</summary>
    public long Reused { get; private set; }

    /// <summary>Takes a kept thing of size <paramref name="key"/> (<paramref name="bytes"/> bytes), if there is
    /// one.</summary>
    public bool TryTake(TKey key, long bytes, [MaybeNullWhen(false)] out TItem item)
    {
        if (!free.TryGetValue(key, out var stack) || !stack.TryPop(out item))
        {
            item = default;
            return false;
        }

        RetainedBytes -= bytes;
        Reused++;
        return true;
    }

    /// <summary>Keeps <paramref name="item"/>, or returns false when that would pass the limit (the caller then
    /// frees it).</summary>
    public bool Keep(TKey key, TItem item, long bytes)
    {
        if (RetainedBytes + bytes > maxRetainedBytes)
        {
            return false;
        }

        if (!free.TryGetValue(key, out var stack))
        {
            free[key] = stack = new Stack<TItem>();
        }

        stack.Push(item);
        RetainedBytes += bytes;
        return true;
    }

    /// <summary>Hands every kept thing to <paramref name="release"/> and empties the lists.</summary>
    public void Drain(Action<TItem> release)
    {
        foreach (var item in free.Values.SelectMany(stack => stack))
        {
            release(item);
        }

        free.Clear();
        RetainedBytes = 0;
    }
}
