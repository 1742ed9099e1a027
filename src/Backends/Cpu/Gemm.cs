using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Lessons.Backends;

namespace Lessons.Backends.Cpu;

/// <summary>
/// Matrix multiplication C = op(A)·op(B), blocked the way BLIS and OpenBLAS do it. <see cref="Reference"/> is the
/// definition in three loops; this file computes the same sums in an order that keeps the operands in cache and
/// registers. Each level of blocking, what it is for, and its measured effect (float32, AVX-512, one core unless
/// said; measured with the three shapes of <c>lessons bench</c>, 256×784 @ 784×10, (256×784)ᵀ @ 256×10 and
/// 1024³, by swapping one level out at a time; the machine was shared, load average 40–55 on 2 cores, so the
/// figures carry ±30%):
/// <list type="number">
/// <item><b>The register tile</b> (micro-kernel): an MR × NR tile of C lives in 12 SIMD registers for the whole
/// K slice, and each k is one rank-1 update, 6 broadcasts of A times 2 vectors of B. This is what turns memory
/// traffic into arithmetic: the three loops of <see cref="Reference"/> reach 0.14–0.6 GFLOP/s, the blocked kernel
/// on one core 10–47 GFLOP/s (20× to 200×, most at 1024³, where the three loops miss the cache on every B read).
/// For N ≤ one vector (softmax regression's N = 10) a 12 × 1-vector tile replaces the 6 × 2 one, which would spend
/// two thirds of its multiplies on padding: 10–47 against 4–7 GFLOP/s for 256×784 @ 784×10.</item>
/// <item><b>Packing B</b>: op(B) is copied once into panels of NR columns laid out so the micro-kernel reads them
/// strictly forward (a transposed B is read here, never materialized). The micro-kernel is written for this
/// layout, so it is not measured apart; it is what lets the tile's B reads be two aligned vector loads.</item>
/// <item><b>K slices</b> of <see cref="KC"/> = 128: a packed B panel (KC × NR, 16 KiB) stays in L1 while the rows
/// of A stream past it. Without slicing (KC = 1024) 1024³ fell from 30–38 to 22–30 GFLOP/s and the transposed
/// weight-gradient shape from 15–23 to 6–9; the untransposed 256×784 shape, whose panels are small, did not
/// change beyond the noise.</item>
/// <item><b>Row blocks</b> of <see cref="MC"/> = 48 rows of A, one task each, so M is split across the cores;
/// A is read in place through a row step and a k step (a transposed A costs nothing), and only a ragged last
/// panel of fewer than MR rows is copied into a zero-padded scratch panel. Products under 2·10⁷ FLOP stay on
/// one core, where a task costs more than it saves. Its effect could not be measured on the loaded machine above:
/// the second core was busy, and one or two tasks at a time gave the same 26–32 GFLOP/s at 1024³ (on a quiet
/// machine 1024³ reached 93 GFLOP/s, docs/performance.md).</item>
/// </list>
/// </summary>
internal static unsafe partial class Gemm
{
    /// <summary>The most rows a register tile has (the narrow kernel's).</summary>
    private const int MaxRows = 12;

    /// <summary>Depth of one packed slice: a B panel of KC × NR floats (or doubles) is 16 KiB, half an L1
    /// cache.</summary>
    private const int KC = 128;

    /// <summary>Rows of A per task: enough work to amortize a task, few enough to split M across the cores.</summary>
    private const int MC = 48;

    /// <summary>
    /// The register tile: 6 rows × 2 vectors (32 floats with AVX-512) in general, or 12 rows × 1 vector when C has
    /// at most one vector of columns — the softmax-regression products have N = 10, and a 32-wide tile would
    /// spend two thirds of its multiplies on padding. Either way 12 accumulators stay in registers.
    /// </summary>
    private readonly record struct Kernel(int Rows, int Vectors)
    {
        public static Kernel For<T>(int n) where T : unmanaged =>
            n <= Vector512<T>.Count ? new Kernel(12, 1) : new Kernel(6, 2);

        /// <summary>Columns of the tile, NR.</summary>
        public int Cols<T>() where T : unmanaged => Vectors * Vector512<T>.Count;
    }

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
        var kernel = Kernel.For<T>(s.N);
        var nr = kernel.Cols<T>();
        var packedB = ArrayPool<T>.Shared.Rent(s.K * RoundUp(s.N, nr));
        try
        {
            PackB(b, s, nr, packedB);
            var blocks = (s.M + MC - 1) / MC;
            if (blocks == 1 || s.Flops < 2e7)
            {
                for (var block = 0; block < blocks; block++)
                {
                    MultiplyBlock(a, packedB, c, s, kernel, block * MC);
                }
            }
            else
            {
                Parallel.For(0, blocks, block => MultiplyBlock(a, packedB, c, s, kernel, block * MC));
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(packedB);
        }
    }

    /// <summary>Rows MC·block.. of C: every K slice, every B panel, every MR rows of the block.</summary>
    private static void MultiplyBlock<T>(T[] a, T[] packedB, T[] c, MatMulShape s, Kernel kernel, int ic)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var pc = 0; pc < s.K; pc += KC)
        {
            MultiplySlice(a, packedB, c, s, kernel, ic, pc, Math.Min(KC, s.K - pc));
        }
    }

    private static void MultiplySlice<T>(T[] a, T[] packedB, T[] c, MatMulShape s, Kernel kernel, int ic, int pc,
        int kc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (mr, nr) = (kernel.Rows, kernel.Cols<T>());
        var mc = Math.Min(MC, s.M - ic);
        var first = pc == 0;
        var slice = packedB.AsSpan(pc * RoundUp(s.N, nr));

        // Element (i, k) of op(A) is at a[i·rowStep + k·kStep], whether or not A is stored transposed.
        var (rowStep, kStep) = s.TransA ? (1, s.M) : (s.K, 1);
        var edge = stackalloc T[MaxRows * KC];
        var scratch = stackalloc T[mr * nr];
        fixed (T* pa = a, pb = slice, pcOut = c)
        {
            for (var ir = 0; ir < mc; ir += mr)
            {
                var rows = Math.Min(mr, mc - ir);
                var panel = new Panel<T>(pa + ((ic + ir) * rowStep) + (pc * kStep), rowStep, kStep);
                if (rows < mr)
                {
                    // A ragged last panel: copy its rows into zeroed scratch so the kernel can read all its rows.
                    new Span<T>(edge, mr * KC).Clear();
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
                    var tile = new Tile<T>(
                        pcOut + ((ic + ir) * s.N) + jr, s.N, rows, Math.Min(nr, s.N - jr), nr, first, scratch);
                    if (kernel.Vectors == 2)
                    {
                        MicroKernel6x2(kc, panel, pb + (jr * kc), tile);
                    }
                    else
                    {
                        MicroKernel12x1(kc, panel, pb + (jr * kc), tile);
                    }
                }
            }
        }
    }

    private static int RoundUp(int n, int multiple) => (n + multiple - 1) / multiple * multiple;

    /// <summary>
    /// Packs op(B) into K slices of NR-column panels: within the slice starting at row pc, panel q holds, for each
    /// k, the NR values B[pc + k, q·NR + j] side by side; columns past the edge are zero.
    /// </summary>
    private static void PackB<T>(T[] b, MatMulShape s, int nr, T[] packed) where T : unmanaged
    {
        var dst = 0;
        for (var pc = 0; pc < s.K; pc += KC)
        {
            PackBSlice(b, s, pc, Math.Min(KC, s.K - pc), nr, packed, ref dst);
        }
    }

    private static void PackBSlice<T>(T[] b, MatMulShape s, int pc, int kc, int nr, T[] packed, ref int dst)
        where T : unmanaged
    {
        for (var jr = 0; jr < s.N; jr += nr)
        {
            var width = Math.Min(nr, s.N - jr);
            var panel = packed.AsSpan(dst, kc * nr);
            if (!s.TransB)
            {
                // B is (K, N): each k contributes a contiguous run of the panel's columns.
                for (var k = 0; k < kc; k++)
                {
                    b.AsSpan(((pc + k) * s.N) + jr, width).CopyTo(panel.Slice(k * nr, width));
                    panel.Slice((k * nr) + width, nr - width).Clear();
                }
            }
            else
            {
                // B is stored (N, K): read each column j of op(B) as the contiguous row j of storage, and scatter it
                // down the panel (the writes stay inside a panel that fits in L1).
                panel.Clear();
                for (var j = 0; j < width; j++)
                {
                    var column = b.AsSpan(((jr + j) * s.K) + pc, kc);
                    for (var k = 0; k < kc; k++)
                    {
                        panel[(k * nr) + j] = column[k];
                    }
                }
            }

            dst += kc * nr;
        }
    }

    /// <summary>
    /// The inner loop: a 6 × 2-vector tile of C held in registers, updated kc times by
    /// (one column of 6 rows of A) × (one row of the B panel).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel6x2<T>(int kc, Panel<T> a, T* b, Tile<T> tile)
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

        // Park the accumulators in the caller's scratch block (no allocation or call while they are live: either
        // makes the JIT keep all twelve on the stack), then add them into C.
        var acc = (Vector512<T>*)tile.Scratch;
        acc[0] = c00;
        acc[1] = c01;
        acc[2] = c10;
        acc[3] = c11;
        acc[4] = c20;
        acc[5] = c21;
        acc[6] = c30;
        acc[7] = c31;
        acc[8] = c40;
        acc[9] = c41;
        acc[10] = c50;
        acc[11] = c51;
        tile.Write();
    }

    /// <summary>The narrow variant: a 12 × 1-vector tile, for products with at most one vector of columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel12x1<T>(int kc, Panel<T> a, T* b, Tile<T> tile)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Vector512<T>.Count;
        var (kStep, step) = (a.KStep, a.RowStep);
        T* a0 = a.Start, a1 = a0 + step, a2 = a1 + step, a3 = a2 + step, a4 = a3 + step, a5 = a4 + step;
        T* a6 = a5 + step, a7 = a6 + step, a8 = a7 + step, a9 = a8 + step, a10 = a9 + step, a11 = a10 + step;
        Vector512<T> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector512<T> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (var k = 0; k < kc; k++)
        {
            var x = Vector512.Load(b);
            c0 = MulAdd(Vector512.Create(*a0), x, c0);
            c1 = MulAdd(Vector512.Create(*a1), x, c1);
            c2 = MulAdd(Vector512.Create(*a2), x, c2);
            c3 = MulAdd(Vector512.Create(*a3), x, c3);
            c4 = MulAdd(Vector512.Create(*a4), x, c4);
            c5 = MulAdd(Vector512.Create(*a5), x, c5);
            c6 = MulAdd(Vector512.Create(*a6), x, c6);
            c7 = MulAdd(Vector512.Create(*a7), x, c7);
            c8 = MulAdd(Vector512.Create(*a8), x, c8);
            c9 = MulAdd(Vector512.Create(*a9), x, c9);
            c10 = MulAdd(Vector512.Create(*a10), x, c10);
            c11 = MulAdd(Vector512.Create(*a11), x, c11);
            a0 += kStep;
            a1 += kStep;
            a2 += kStep;
            a3 += kStep;
            a4 += kStep;
            a5 += kStep;
            a6 += kStep;
            a7 += kStep;
            a8 += kStep;
            a9 += kStep;
            a10 += kStep;
            a11 += kStep;
            b += w;
        }

        var acc = (Vector512<T>*)tile.Scratch;
        acc[0] = c0;
        acc[1] = c1;
        acc[2] = c2;
        acc[3] = c3;
        acc[4] = c4;
        acc[5] = c5;
        acc[6] = c6;
        acc[7] = c7;
        acc[8] = c8;
        acc[9] = c9;
        acc[10] = c10;
        acc[11] = c11;
        tile.Write();
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

    /// <summary>Where a finished register tile goes in C: rows × cols valid, added unless this is the first
    /// slice.</summary>
    private readonly struct Tile<T>(T* c, int ldc, int rows, int cols, int width, bool overwrite, T* scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Room for the rows × width accumulators, owned by the caller.</summary>
        public T* Scratch { get; } = scratch;

        /// <summary>Adds (or stores) the MR × NR accumulators parked in <see cref="Scratch"/> into C, clipped to the
        /// edge.</summary>
        public void Write()
        {
            var acc = Scratch;
            var w = Vector512<T>.Count;
            for (var r = 0; r < rows; r++)
            {
                var source = acc + (r * width);
                var target = c + (r * ldc);
                if (cols == width)
                {
                    for (var v = 0; v < width; v += w)
                    {
                        var sum = Vector512.Load(source + v);
                        if (!overwrite)
                        {
                            sum += Vector512.Load(target + v);
                        }

                        sum.Store(target + v);
                    }

                    continue;
                }

                for (var j = 0; j < cols; j++)
                {
                    target[j] = overwrite ? source[j] : target[j] + source[j];
                }
            }
        }
    }
}
