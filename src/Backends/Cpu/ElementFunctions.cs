using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Lessons.Backends.Cpu;

/// <summary>
/// An element-wise function written twice: on one number (the definition, and the tail of a row) and on a whole
/// SIMD vector of them, with the same result bit for bit, NaN included.
/// </summary>
internal interface IElementFunction<T> where T : unmanaged
{
    /// <summary>The function on one number.</summary>
    T Apply(T x);

    /// <summary>The same function on every lane of <paramref name="x"/>.</summary>
    Vector512<T> Apply(Vector512<T> x);
}

/// <summary>
/// y = f(x) over a span, a SIMD vector at a time. The functions are structs, so the JIT compiles one loop per
/// function with the call inlined. Before, each was a <see cref="Func{T, TResult}"/> called per element: in a
/// profile of the MLP epoch, ReLU and its gradient's comparison took about 9% of the time.
/// </summary>
internal static class VectorMap
{
    public static void Apply<T, TFunction>(ReadOnlySpan<T> x, Span<T> y, TFunction f)
        where T : unmanaged where TFunction : struct, IElementFunction<T>
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            ref var xs = ref MemoryMarshal.GetReference(x);
            ref var ys = ref MemoryMarshal.GetReference(y);
            for (; i <= x.Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                f.Apply(Vector512.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref ys, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = f.Apply(x[i]);
        }
    }
}

/// <summary>max(x, 0), NaN kept (torch's relu); −0 becomes +0.</summary>
internal readonly struct ReluFunction<T> : IElementFunction<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => x > T.Zero || T.IsNaN(x) ? x : T.Zero;

    public Vector512<T> Apply(Vector512<T> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero) | ~Vector512.Equals(x, x), x,
            Vector512<T>.Zero);
}

/// <summary>x for x &gt; 0 (and NaN), else slope·x (torch's leaky_relu).</summary>
internal readonly struct LeakyReluFunction<T>(T slope) : IElementFunction<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => x > T.Zero || T.IsNaN(x) ? x : x * slope;

    public Vector512<T> Apply(Vector512<T> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<T>.Zero) | ~Vector512.Equals(x, x), x,
            x * slope);
}

/// <summary>1 where x &gt; c, else 0 (NaN compares false).</summary>
internal readonly struct GreaterFunction<T>(T c) : IElementFunction<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => x > c ? T.One : T.Zero;

    public Vector512<T> Apply(Vector512<T> x) => Vector512.GreaterThan(x, Vector512.Create(c)) & Vector512<T>.One;
}

/// <summary>1 where x &lt; c, else 0 (NaN compares false).</summary>
internal readonly struct LessFunction<T>(T c) : IElementFunction<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => x < c ? T.One : T.Zero;

    public Vector512<T> Apply(Vector512<T> x) => Vector512.LessThan(x, Vector512.Create(c)) & Vector512<T>.One;
}

/// <summary>1 where x = c, else 0 (NaN compares false).</summary>
internal readonly struct EqualFunction<T>(T c) : IElementFunction<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => x == c ? T.One : T.Zero;

    public Vector512<T> Apply(Vector512<T> x) => Vector512.Equals(x, Vector512.Create(c)) & Vector512<T>.One;
}

/// <summary>1 where min ≤ x ≤ max, else 0: where clamp passes its gradient through.</summary>
internal readonly struct InRangeFunction<T>(T min, T max) : IElementFunction<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => x >= min && x <= max ? T.One : T.Zero;

    public Vector512<T> Apply(Vector512<T> x) =>
        Vector512.GreaterThanOrEqual(x, Vector512.Create(min)) & Vector512.LessThanOrEqual(x, Vector512.Create(max)) &
        Vector512<T>.One;
}

/// <summary>min if x &lt; min, max if x &gt; max, else x (NaN stays NaN, as torch's clamp).</summary>
internal readonly struct ClampFunction<T>(T min, T max) : IElementFunction<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Apply(T x) => x < min ? min : x > max ? max : x;

    public Vector512<T> Apply(Vector512<T> x)
    {
        var (low, high) = (Vector512.Create(min), Vector512.Create(max));
        return Vector512.ConditionalSelect(Vector512.LessThan(x, low), low,
            Vector512.ConditionalSelect(Vector512.GreaterThan(x, high), high, x));
    }
}
