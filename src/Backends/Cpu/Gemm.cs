using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Lessons.Backends;

namespace Lessons.Backends.Cpu;

/// <summary>
/// Matrix multiplication C = op(A)·op(B), blocked the way BLIS and OpenBLAS do it, in four steps a learner can
/// follow:
/// <list type="number">
/// <item>Cut K into slices of <see cref="KC"/>. For each slice, copy ("pack") the needed part of B into panels
/// of <c>NR</c> columns, laid out so the micro-kernel reads it strictly forward.</item>
/// <item>Cut M into blocks of <see cref="MC"/> rows, one block per task, and pack each block of A into panels of
/// <see cref="MR"/> rows. Packing is also where a transposed operand is read: no transpose is ever materialized.</item>
/// <item>For every (A panel, B panel) pair, the micro-kernel keeps an MR × NR tile of C in 12 SIMD registers and
/// adds one rank-1 update per k: 6 broadcasts of A times 2 vectors of B.</item>
/// <item>The tile is added to C (or stored, for the first K slice).</item>
/// </list>
/// The packed B panel (KC × NR) stays in L1 while all A panels of a block (MC × KC, in L2) stream past it.
/// </summary>
internal static unsafe class Gemm
{
    /// <summary>Rows of the register tile.</summary>
    private const int MR = 6;

    /// <summary>Depth of one packed slice: a B panel of KC × NR floats is 32 KiB, an L1 cache.</summary>
    private const int KC = 256;

    /// <summary>Rows of A per task: a packed block of MC × KC floats is 72 KiB, well inside L2.</summary>
    private const int MC = 72;

    /// <summary>Columns of the register tile: two SIMD vectors (32 floats or 16 doubles with AVX-512).</summary>
    private static int NR<T>() => 2 * Vector512<T>.Count;

    public static void Multiply<T>(T[] a, T[] b, T[] c, MatMulShape s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (s.M == 0 || s.N == 0)
        {
            return;
        }

        if (s.K == 0)
        {
            c.AsSpan(0, s.M * s.N).Clear();
            return;
        }

        var nr = NR<T>();
        var panels = (s.N + nr - 1) / nr;
        var packedB = ArrayPool<T>.Shared.Rent(panels * nr * KC);
        try
        {
            for (var pc = 0; pc < s.K; pc += KC)
            {
                var kc = Math.Min(KC, s.K - pc);
                PackB(b, s, pc, kc, packedB);
                var blocks = (s.M + MC - 1) / MC;
                var first = pc == 0;
                if (blocks == 1 || s.Flops < 1e6)
                {
                    for (var block = 0; block < blocks; block++)
                    {
                        MultiplyBlock(a, packedB, c, s, block * MC, pc, kc, first);
                    }
                }
                else
                {
                    Parallel.For(0, blocks, block => MultiplyBlock(a, packedB, c, s, block * MC, pc, kc, first));
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(packedB);
        }
    }

    private static void MultiplyBlock<T>(T[] a, T[] packedB, T[] c, MatMulShape s, int ic, int pc, int kc, bool first)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var nr = NR<T>();
        var mc = Math.Min(MC, s.M - ic);
        var packedA = ArrayPool<T>.Shared.Rent(MC * KC);
        try
        {
            PackA(a, s, ic, mc, pc, kc, packedA);
            fixed (T* pa = packedA, pb = packedB, pcOut = c)
            {
                for (var jr = 0; jr < s.N; jr += nr)
                {
                    for (var ir = 0; ir < mc; ir += MR)
                    {
                        MicroKernel(kc, pa + (ir * kc), pb + (jr * kc), pcOut + ((ic + ir) * s.N) + jr, s.N,
                            Math.Min(MR, mc - ir), Math.Min(nr, s.N - jr), first);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(packedA);
        }
    }

    /// <summary>
    /// Packs rows ic..ic+mc of op(A), columns pc..pc+kc, into MR-row panels: panel p holds, for each k, the MR
    /// values A[p·MR + r, k] side by side. Rows past the edge are zero so the micro-kernel never branches.
    /// </summary>
    private static void PackA<T>(T[] a, MatMulShape s, int ic, int mc, int pc, int kc, T[] packed) where T : unmanaged
    {
        var dst = 0;
        for (var ir = 0; ir < mc; ir += MR)
        {
            for (var k = 0; k < kc; k++)
            {
                for (var r = 0; r < MR; r++)
                {
                    var i = ic + ir + r;
                    packed[dst++] = ir + r >= mc ? default
                        : s.TransA ? a[((pc + k) * s.M) + i] : a[(i * s.K) + pc + k];
                }
            }
        }
    }

    /// <summary>
    /// Packs rows pc..pc+kc of op(B) into NR-column panels: panel q holds, for each k, the NR values
    /// B[k, q·NR + j] side by side; columns past the edge are zero.
    /// </summary>
    private static void PackB<T>(T[] b, MatMulShape s, int pc, int kc, T[] packed) where T : unmanaged
    {
        var nr = NR<T>();
        var dst = 0;
        for (var jr = 0; jr < s.N; jr += nr)
        {
            var width = Math.Min(nr, s.N - jr);
            for (var k = 0; k < kc; k++)
            {
                if (!s.TransB)
                {
                    b.AsSpan(((pc + k) * s.N) + jr, width).CopyTo(packed.AsSpan(dst, width));
                }
                else
                {
                    for (var j = 0; j < width; j++)
                    {
                        packed[dst + j] = b[((jr + j) * s.K) + pc + k];
                    }
                }

                packed.AsSpan(dst + width, nr - width).Clear();
                dst += nr;
            }
        }
    }

    /// <summary>
    /// The inner loop: an MR × NR tile of C held in registers, updated kc times by
    /// (one column of the A panel) × (one row of the B panel).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel<T>(int kc, T* a, T* b, T* c, int ldc, int mr, int nr, bool overwrite)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var k = 0; k < kc; k++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + w);
            var a0 = Vector512.Create(a[0]);
            c00 = MulAdd(a0, b0, c00);
            c01 = MulAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = MulAdd(a1, b0, c10);
            c11 = MulAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = MulAdd(a2, b0, c20);
            c21 = MulAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = MulAdd(a3, b0, c30);
            c31 = MulAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = MulAdd(a4, b0, c40);
            c41 = MulAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = MulAdd(a5, b0, c50);
            c51 = MulAdd(a5, b1, c51);
            a += MR;
            b += 2 * w;
        }

        // Write the tile back: straight to C when it is whole, else through a scratch tile clipped to the edge.
        var full = mr == MR && nr == 2 * w;
        var tile = stackalloc T[MR * 2 * w];
        var store = new TileWriter<T>(c, ldc, tile, full, overwrite, mr, nr);
        store.Row(0, c00, c01);
        store.Row(1, c10, c11);
        store.Row(2, c20, c21);
        store.Row(3, c30, c31);
        store.Row(4, c40, c41);
        store.Row(5, c50, c51);
    }

    /// <summary>Writes the rows of a finished register tile into C, adding unless the slice is the first.</summary>
    private readonly struct TileWriter<T>(T* c, int ldc, T* tile, bool full, bool overwrite, int mr, int nr)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Row(int r, Vector512<T> lo, Vector512<T> hi)
        {
            if (r >= mr)
            {
                return;
            }

            var w = Vector512<T>.Count;
            if (full)
            {
                var target = c + (r * ldc);
                if (!overwrite)
                {
                    lo += Vector512.Load(target);
                    hi += Vector512.Load(target + w);
                }

                lo.Store(target);
                hi.Store(target + w);
                return;
            }

            var scratch = tile + (r * 2 * w);
            lo.Store(scratch);
            hi.Store(scratch + w);
            var row = c + (r * ldc);
            for (var j = 0; j < nr; j++)
            {
                row[j] = overwrite ? scratch[j] : row[j] + scratch[j];
            }
        }
    }

    /// <summary>a·b + c as one fused multiply-add where the hardware has it (float and double), else two ops.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> MulAdd<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        return (a * b) + c;
    }
}
