using Lessons.Memory;

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

    private readonly FreeLists<(Type, int), Array> free = new(MaxRetainedBytes);
    private readonly Lock gate = new();

    /// <summary>Number of arrays handed out again instead of allocated (for tests and benchmarks).</summary>
    public long Reused
    {
        get
        {
            lock (gate)
            {
                return free.Reused;
            }
        }
    }

    /// <summary>
    /// An array of exactly <paramref name="length"/> elements, zero-filled when <paramref name="zeroed"/>.
    /// </summary>
    public T[] Rent<T>(int length, bool zeroed) where T : unmanaged
    {
        if (length >= MinLength)
        {
            bool kept;
            Array? array;
            lock (gate)
            {
                kept = free.TryTake((typeof(T), length), Bytes<T>(length), out array);
            }

            if (kept)
            {
                if (zeroed)
                {
                    Array.Clear(array!);
                }

                return (T[])array!;
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

        lock (gate)
        {
            free.Keep((typeof(T), array.Length), array, Bytes<T>(array.Length)); // past the limit, the collector's
        }
    }

    private static long Bytes<T>(int length) where T : unmanaged =>
        (long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
}
