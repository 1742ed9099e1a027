namespace Lessons.Backends.Cpu;

/// <summary>
/// Reuses the arrays of disposed buffers. A training step allocates the same sizes every time (activations,
/// gradients, temporaries), and arrays over 85 KB live on .NET's large-object heap, which is only reclaimed by full
/// collections: without reuse, a long run spends its time in the garbage collector. Scopes dispose tensors
/// deterministically, so their arrays come back here, keyed by exact length, and are handed out again zeroed.
/// </summary>
internal sealed class BufferPool
{
    /// <summary>
    /// Arrays shorter than this are cheap to allocate and are not kept. Softmax regression's 256 × 10 activations
    /// (2,560 elements) are worth keeping: allocated afresh, some 160 KiB a step walked through memory the cache
    /// had not seen (the garbage collector's first generation is sized to the L3 cache, hundreds of MiB here).
    /// </summary>
    private const int MinLength = 256;

    /// <summary>At most this many bytes are kept waiting, so a finished run does not pin its peak memory.</summary>
    private const long MaxRetainedBytes = 512L << 20;

    private readonly Dictionary<(Type, int), Stack<Array>> free = [];
    private long retainedBytes;

    /// <summary>Number of arrays handed out again instead of allocated (for tests and benchmarks).</summary>
    public long Reused { get; private set; }

    /// <summary>
    /// An array of exactly <paramref name="length"/> elements, zero-filled when <paramref name="zeroed"/>.
    /// </summary>
    public T[] Rent<T>(int length, bool zeroed) where T : unmanaged
    {
        if (length >= MinLength)
        {
            lock (free)
            {
                if (free.TryGetValue((typeof(T), length), out var stack) && stack.Count > 0)
                {
                    var array = (T[])stack.Pop();
                    retainedBytes -= Bytes(array);
                    Reused++;
                    if (zeroed)
                    {
                        Array.Clear(array);
                    }

                    return array;
                }
            }
        }

        return zeroed ? new T[length] : GC.AllocateUninitializedArray<T>(length);
    }

    /// <summary>Takes back an array no buffer uses any more.</summary>
    public void Return<T>(T[] array) where T : unmanaged
    {
        if (array.Length < MinLength)
        {
            return;
        }

        lock (free)
        {
            if (retainedBytes + Bytes(array) > MaxRetainedBytes)
            {
                return;
            }

            if (!free.TryGetValue((typeof(T), array.Length), out var stack))
            {
                free[(typeof(T), array.Length)] = stack = new Stack<Array>();
            }

            stack.Push(array);
            retainedBytes += Bytes(array);
        }
    }

    private static long Bytes<T>(T[] array) where T : unmanaged =>
        (long)array.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
}
