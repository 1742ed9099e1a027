using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Lessons.Backends;

namespace Lessons.Backends.Cpu;

/// <summary>
/// The element-wise primitives on spans. Contiguous runs go to <see cref="TensorPrimitives"/> (SIMD on every
/// core type); everything else is a short, obvious loop.
/// </summary>
internal static class ElementWise
{
    public static void Unary<T>(UnaryOp op, ReadOnlySpan<T> x, Span<T> y, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (op)
        {
            case UnaryOp.Neg: TensorPrimitives.Negate(x, y); break;
            case UnaryOp.Exp: TensorPrimitives.Exp(x, y); break;
            case UnaryOp.Log: TensorPrimitives.Log(x, y); break;
            case UnaryOp.Log1p: Map(x, y, Log1p); break;
            case UnaryOp.Abs: TensorPrimitives.Abs(x, y); break;
            case UnaryOp.Sqrt: TensorPrimitives.Sqrt(x, y); break;
            case UnaryOp.Square: TensorPrimitives.Multiply(x, x, y); break;
            case UnaryOp.Reciprocal: TensorPrimitives.Divide(T.One, x, y); break;
            case UnaryOp.Relu: VectorMap.Apply(x, y, default(ReluFunction<T>)); break;
            // Vectorised: the scalar σ through a delegate took 12 ms of CPU per LeNet step (1.6 M elements), most of
            // its forward pass after the convolutions got fast. TensorPrimitives.Sigmoid is 1 / (1 + e⁻ˣ) with a
            // vector exp accurate to a few ulp (MathAccuracyTests); e⁻ˣ = ∞ gives 1 / ∞ = 0, so it never overflows.
            case UnaryOp.Sigmoid: TensorPrimitives.Sigmoid(x, y); break;
            // Scalar, not TensorPrimitives.Tanh: the vector version (System.Numerics.Tensors 10.0) has an absolute
            // error near 3e-8 in float32, so tanh(1e-10) came out with the wrong sign.
            case UnaryOp.Tanh: Map(x, y, T.Tanh); break;
            case UnaryOp.Sign: Map(x, y, v => v > T.Zero ? T.One : v < T.Zero ? -T.One : v); break;
            case UnaryOp.AddScalar: TensorPrimitives.Add(x, alpha, y); break;
            case UnaryOp.MulScalar: TensorPrimitives.Multiply(x, alpha, y); break;
            case UnaryOp.DivScalar: TensorPrimitives.Divide(x, alpha, y); break;
            case UnaryOp.PowScalar: PowScalar(x, y, alpha); break;
            case UnaryOp.Clamp: VectorMap.Apply(x, y, new ClampFunction<T>(alpha, beta)); break;
            case UnaryOp.InRange: VectorMap.Apply(x, y, new InRangeFunction<T>(alpha, beta)); break;
            case UnaryOp.GreaterScalar: VectorMap.Apply(x, y, new GreaterFunction<T>(alpha)); break;
            case UnaryOp.LessScalar: VectorMap.Apply(x, y, new LessFunction<T>(alpha)); break;
            case UnaryOp.EqualScalar: VectorMap.Apply(x, y, new EqualFunction<T>(alpha)); break;
            case UnaryOp.Sin: Map(x, y, T.Sin); break;
            case UnaryOp.Cos: Map(x, y, T.Cos); break;
            case UnaryOp.LeakyRelu: VectorMap.Apply(x, y, new LeakyReluFunction<T>(alpha)); break;
            case UnaryOp.Softplus: Map(x, y, Softplus); break;
            default: throw new NotSupportedException($"Unary operation {op} is not implemented on the CPU.");
        }
    }

    public static void Binary<T>(BinaryOp op, T[] a, T[] b, T[] y, BroadcastLayout layout)
        where T : unmanaged, INumber<T>
    {
        var rows = new StridedRows(layout);
        Span<int> offsets = stackalloc int[2];
        var n = rows.RowLength;
        var (sa, sb) = (rows.InnerStrides[0], rows.InnerStrides[1]);
        for (var r = 0; r < rows.Rows; r++)
        {
            rows.Offsets(r, offsets);
            var yRow = y.AsSpan(r * n, n);
            if (sa == 1 && sb == 1 && TryVectorized(op, a.AsSpan(offsets[0], n), b.AsSpan(offsets[1], n), yRow))
            {
                continue;
            }

            if (sa == 1 && sb == 0 && TryVectorized(op, a.AsSpan(offsets[0], n), b[offsets[1]], yRow))
            {
                continue;
            }

            for (int i = 0, ia = offsets[0], ib = offsets[1]; i < n; i++, ia += sa, ib += sb)
            {
                yRow[i] = Apply(op, a[ia], b[ib]);
            }
        }
    }

    public static void Where<T>(T[] condition, T[] a, T[] b, T[] y, BroadcastLayout layout)
        where T : unmanaged, INumber<T>
    {
        var rows = new StridedRows(layout);
        Span<int> o = stackalloc int[3];
        var (sc, sa, sb) = (rows.InnerStrides[0], rows.InnerStrides[1], rows.InnerStrides[2]);
        for (var r = 0; r < rows.Rows; r++)
        {
            rows.Offsets(r, o);
            for (var i = 0; i < rows.RowLength; i++)
            {
                var chosen = condition[o[0] + (i * sc)] != T.Zero ? a[o[1] + (i * sa)] : b[o[2] + (i * sb)];
                y[(r * rows.RowLength) + i] = chosen;
            }
        }
    }

    /// <summary>y = x read through a one-input layout, starting at <paramref name="offset"/>.</summary>
    public static void Copy<T>(T[] x, BroadcastLayout layout, T[] y, int offset) where T : unmanaged
    {
        var rows = new StridedRows(layout);
        Span<int> o = stackalloc int[1];
        var n = rows.RowLength;
        var step = rows.InnerStrides[0];
        for (var r = 0; r < rows.Rows; r++)
        {
            rows.Offsets(r, o);
            var start = o[0] + offset;
            var yRow = y.AsSpan(r * n, n);
            if (step == 1)
            {
                x.AsSpan(start, n).CopyTo(yRow);
            }
            else if (step == 0)
            {
                yRow.Fill(x[start]);
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    yRow[i] = x[start + (i * step)];
                }
            }
        }
    }

    public static void Cast<TFrom, TTo>(ReadOnlySpan<TFrom> x, Span<TTo> y)
        where TFrom : unmanaged, INumber<TFrom>
        where TTo : unmanaged, INumber<TTo>
    {
        for (var i = 0; i < x.Length; i++)
        {
            // Float to int truncates toward zero (C's and torch's conversion); NaN becomes 0.
            y[i] = TTo.CreateSaturating(x[i]);
        }
    }

    /// <summary>ln(1 + x) without losing the digits of a tiny x (Goldberg's trick; Math.Log(1 + x) would).</summary>
    private static T Log1p<T>(T x) where T : IFloatingPointIeee754<T>
    {
        var u = T.One + x;
        if (u == T.One || T.IsPositiveInfinity(u))
        {
            return u == T.One ? x : u; // tiny x: log1p(x) ≈ x; x = +∞: log1p(x) = +∞, not ∞·∞/∞ = NaN
        }

        return T.Log(u) * x / (u - T.One);
    }

    /// <summary>
    /// ln(1 + eˣ) as torch computes it (β = 1, threshold 20): above the threshold the result is x itself, below it
    /// log1p(eˣ), which keeps the digits of a tiny eˣ for very negative x.
    /// </summary>
    private static T Softplus<T>(T x) where T : IFloatingPointIeee754<T> =>
        x > T.CreateTruncating(20) ? x : Log1p(T.Exp(x));

    private static void PowScalar<T>(ReadOnlySpan<T> x, Span<T> y, T p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // torch computes these exponents exactly rather than through exp(p·ln x).
        if (p == T.CreateTruncating(2))
        {
            TensorPrimitives.Multiply(x, x, y);
        }
        else if (p == T.One)
        {
            x.CopyTo(y);
        }
        else if (p == T.CreateTruncating(0.5))
        {
            TensorPrimitives.Sqrt(x, y);
        }
        else if (p == -T.One)
        {
            TensorPrimitives.Divide(T.One, x, y);
        }
        else
        {
            Map(x, y, v => T.Pow(v, p));
        }
    }

    private static void Map<T>(ReadOnlySpan<T> x, Span<T> y, Func<T, T> f)
    {
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = f(x[i]);
        }
    }

    private static bool TryVectorized<T>(BinaryOp op, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y)
        where T : unmanaged, INumber<T>
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(a, b, y); return true;
            case BinaryOp.Sub: TensorPrimitives.Subtract(a, b, y); return true;
            case BinaryOp.Mul: TensorPrimitives.Multiply(a, b, y); return true;
            case BinaryOp.Div when typeof(T) != typeof(int): TensorPrimitives.Divide(a, b, y); return true;
            case BinaryOp.Maximum: TensorPrimitives.Max(a, b, y); return true;
            case BinaryOp.Minimum: TensorPrimitives.Min(a, b, y); return true;
            case BinaryOp.SigmoidBackward: SigmoidBackward(a, b, y); return true;
            default: return false;
        }
    }

    /// <summary>
    /// grad = g·(1 − y)·y in one pass over whole SIMD vectors (the scalar loop finishes the tail). Written as
    /// g·y·(1 − y), it was four passes (1 − y is a negation and an addition) and three temporaries of 4.8 MB on
    /// LeNet's first layer.
    /// </summary>
    private static void SigmoidBackward<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> y, Span<T> grad)
        where T : unmanaged, INumber<T>
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref var gStart = ref MemoryMarshal.GetReference(g);
            ref var yStart = ref MemoryMarshal.GetReference(y);
            ref var gradStart = ref MemoryMarshal.GetReference(grad);
            for (; i <= g.Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var yv = Vector512.LoadUnsafe(ref yStart, (nuint)i);
                var gv = Vector512.LoadUnsafe(ref gStart, (nuint)i);
                (gv * (Vector512<T>.One - yv) * yv).StoreUnsafe(ref gradStart, (nuint)i);
            }
        }

        for (; i < g.Length; i++)
        {
            grad[i] = g[i] * (T.One - y[i]) * y[i];
        }
    }

    private static bool TryVectorized<T>(BinaryOp op, ReadOnlySpan<T> a, T b, Span<T> y)
        where T : unmanaged, INumber<T>
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(a, b, y); return true;
            case BinaryOp.Sub: TensorPrimitives.Subtract(a, b, y); return true;
            case BinaryOp.Mul: TensorPrimitives.Multiply(a, b, y); return true;
            case BinaryOp.Div when typeof(T) != typeof(int): TensorPrimitives.Divide(a, b, y); return true;
            default: return false;
        }
    }

    private static T Apply<T>(BinaryOp op, T a, T b) where T : unmanaged, INumber<T> => op switch
    {
        BinaryOp.Add => a + b,
        BinaryOp.Sub => a - b,
        BinaryOp.Mul => a * b,
        BinaryOp.Div => Divide(a, b),
        BinaryOp.Pow => T.CreateSaturating(Math.Pow(double.CreateTruncating(a), double.CreateTruncating(b))),
        BinaryOp.Maximum => T.IsNaN(a) || T.IsNaN(b) ? a + b : T.Max(a, b),
        BinaryOp.Minimum => T.IsNaN(a) || T.IsNaN(b) ? a + b : T.Min(a, b),
        BinaryOp.Equal => a == b ? T.One : T.Zero,
        BinaryOp.NotEqual => a != b ? T.One : T.Zero,
        BinaryOp.Less => a < b ? T.One : T.Zero,
        BinaryOp.LessEqual => a <= b ? T.One : T.Zero,
        BinaryOp.Greater => a > b ? T.One : T.Zero,
        BinaryOp.GreaterEqual => a >= b ? T.One : T.Zero,
        BinaryOp.SigmoidBackward => a * (T.One - b) * b,
        _ => throw new NotSupportedException($"Binary operation {op} is not implemented on the CPU."),
    };

    /// <summary>Division; integer division by zero is an error rather than a crash (torch raises too).</summary>
    private static T Divide<T>(T a, T b) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(int) && b == T.Zero)
        {
            throw new DivideByZeroException("Div: integer division by zero.");
        }

        return a / b;
    }
}
