using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Lessons.Backends;

namespace Lessons.Backends.Cpu;

/// <summary>
/// Matrix multiplication C = op(A)·op(B), blocked the way BLIS and OpenBLAS do it, in three steps a learner can
/// follow:
/// <list type="number">
/// <item>Cut K into slices of <see cref="KC"/>. For each slice, copy ("pack") the needed part of B into panels
/// of <c>NR</c> columns, laid out so the micro-kernel reads it strictly forward. Packing is also where a
/// transposed B is read: no transpose is ever materialized.</item>
/// <item>Cut M into blocks of <see cref="MC"/> rows, one block per task. A is read in place through a row step and
/// a k step, so a transposed A costs nothing either; only a ragged last panel of fewer than MR rows is copied
/// into a zero-padded scratch panel.</item>
/// <item>For every (MR rows of A, B panel) pair, the micro-kernel keeps an MR × NR tile of C in 12 SIMD registers
/// and adds one rank-1 update per k: 6 broadcasts of A times 2 vectors of B. The tile is then added to C (or
/// stored, for the first K slice).</item>
/// </list>
/// The packed B panel (KC × NR, 16 KiB) stays in L1 while the rows of an A block stream past it.
/// </summary>
internal static unsafe class Gemm
{
    /// <summary>Rows of the register tile.</summary>
    private const int MR = 6;

    /// <summary>Depth of one packed slice: a B panel of KC × NR floats (or doubles) is 16 KiB, half an L1 cache.</summary>
    private const int KC = 128;

    /// <summary>Rows of A per task: enough work to amortize a task, few enough to split M across the cores.</summary>
    private const int MC = 48;

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

        // B is packed once, whole: every task reads the same panels, so there is no step to wait on.
        var packedB = ArrayPool<T>.Shared.Rent(PackedBLength<T>(s));
        try
        {
            PackB(b, s, packedB);
            var blocks = (s.M + MC - 1) / MC;
            if (blocks == 1 || s.Flops < 2e5)
            {
                for (var block = 0; block < blocks; block++)
                {
                    MultiplyBlock(a, packedB, c, s, block * MC);
                }
            }
            else
            {
                Parallel.For(0, blocks, block => MultiplyBlock(a, packedB, c, s, block * MC));
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(packedB);
        }
    }

    /// <summary>Rows MC·block.. of C: every K slice, every B panel, every MR rows of the block.</summary>
    private static void MultiplyBlock<T>(T[] a, T[] packedB, T[] c, MatMulShape s, int ic)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var pc = 0; pc < s.K; pc += KC)
        {
            MultiplySlice(a, packedB, c, s, ic, pc, Math.Min(KC, s.K - pc));
        }
    }

    private static void MultiplySlice<T>(T[] a, T[] packedB, T[] c, MatMulShape s, int ic, int pc, int kc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var nr = NR<T>();
        var mc = Math.Min(MC, s.M - ic);
        var first = pc == 0;
        var slice = packedB.AsSpan(pc * RoundUp(s.N, nr));

        // Element (i, k) of op(A) is at a[i·rowStep + k·kStep], whether or not A is stored transposed.
        var (rowStep, kStep) = s.TransA ? (1, s.M) : (s.K, 1);
        var edge = stackalloc T[MR * KC];
        fixed (T* pa = a, pb = slice, pcOut = c)
        {
            for (var ir = 0; ir < mc; ir += MR)
            {
                var rows = Math.Min(MR, mc - ir);
                var panel = new Panel<T>(pa + ((ic + ir) * rowStep) + (pc * kStep), rowStep, kStep);
                if (rows < MR)
                {
                    // A ragged last panel: copy its rows into zeroed scratch so the kernel can read MR rows.
                    new Span<T>(edge, MR * KC).Clear();
                    for (var r = 0; r < rows; r++)
                    {
                        for (var k = 0; k < kc; k++)
                        {
                            edge[(r * KC) + k] = panel.Start[(r * rowStep) + (k * kStep)];
                        }
                    }

                    panel = new Panel<T>(edge, KC, 1);
                }

                for (var jr = 0; jr < s.N; jr += nr)
                {
                    var tile = new Tile<T>(pcOut + ((ic + ir) * s.N) + jr, s.N, rows, Math.Min(nr, s.N - jr), first);
                    MicroKernel(kc, panel, pb + (jr * kc), tile);
                }
            }
        }
    }

    private static int RoundUp(int n, int multiple) => (n + multiple - 1) / multiple * multiple;

    private static int PackedBLength<T>(MatMulShape s) => s.K * RoundUp(s.N, NR<T>());

    /// <summary>
    /// Packs op(B) into K slices of NR-column panels: within the slice starting at row pc, panel q holds, for each
    /// k, the NR values B[pc + k, q·NR + j] side by side; columns past the edge are zero.
    /// </summary>
    private static void PackB<T>(T[] b, MatMulShape s, T[] packed) where T : unmanaged
    {
        var nr = NR<T>();
        var dst = 0;
        for (var pc = 0; pc < s.K; pc += KC)
        {
            PackBSlice(b, s, pc, Math.Min(KC, s.K - pc), packed, ref dst);
        }
    }

    private static void PackBSlice<T>(T[] b, MatMulShape s, int pc, int kc, T[] packed, ref int dst) where T : unmanaged
    {
        var nr = NR<T>();
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
    /// (one column of MR rows of A) × (one row of the B panel).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel<T>(int kc, Panel<T> a, T* b, Tile<T> tile)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Vector512<T>.Count;
        var kStep = a.KStep;
        T* a0 = a.Start, a1 = a0 + a.RowStep, a2 = a1 + a.RowStep;
        T* a3 = a2 + a.RowStep, a4 = a3 + a.RowStep, a5 = a4 + a.RowStep;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var k = 0; k < kc; k++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + w);
            var x = Vector512.Create(*a0);
            c00 = MulAdd(x, b0, c00);
            c01 = MulAdd(x, b1, c01);
            x = Vector512.Create(*a1);
            c10 = MulAdd(x, b0, c10);
            c11 = MulAdd(x, b1, c11);
            x = Vector512.Create(*a2);
            c20 = MulAdd(x, b0, c20);
            c21 = MulAdd(x, b1, c21);
            x = Vector512.Create(*a3);
            c30 = MulAdd(x, b0, c30);
            c31 = MulAdd(x, b1, c31);
            x = Vector512.Create(*a4);
            c40 = MulAdd(x, b0, c40);
            c41 = MulAdd(x, b1, c41);
            x = Vector512.Create(*a5);
            c50 = MulAdd(x, b0, c50);
            c51 = MulAdd(x, b1, c51);
            a0 += kStep;
            a1 += kStep;
            a2 += kStep;
            a3 += kStep;
            a4 += kStep;
            a5 += kStep;
            b += 2 * w;
        }

        tile.Row(0, c00, c01);
        tile.Row(1, c10, c11);
        tile.Row(2, c20, c21);
        tile.Row(3, c30, c31);
        tile.Row(4, c40, c41);
        tile.Row(5, c50, c51);
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

    /// <summary>MR rows of op(A) read in place: element (r, k) is at Start[r·RowStep + k·KStep].</summary>
    private readonly struct Panel<T>(T* start, int rowStep, int kStep) where T : unmanaged
    {
        public T* Start { get; } = start;

        public int RowStep { get; } = rowStep;

        public int KStep { get; } = kStep;
    }

    /// <summary>Where a finished register tile goes in C: rows × cols valid, added unless this is the first slice.</summary>
    private readonly struct Tile<T>(T* c, int ldc, int rows, int cols, bool overwrite)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Row(int r, Vector512<T> lo, Vector512<T> hi)
        {
            if (r >= rows)
            {
                return;
            }

            var w = Vector512<T>.Count;
            var target = c + (r * ldc);
            if (cols == 2 * w)
            {
                if (!overwrite)
                {
                    lo += Vector512.Load(target);
                    hi += Vector512.Load(target + w);
                }

                lo.Store(target);
                hi.Store(target + w);
                return;
            }

            // A ragged right edge: spill the row and copy the valid columns.
            var scratch = stackalloc T[2 * w];
            lo.Store(scratch);
            hi.Store(scratch + w);
            for (var j = 0; j < cols; j++)
            {
                target[j] = overwrite ? scratch[j] : target[j] + scratch[j];
            }
        }
    }
}
