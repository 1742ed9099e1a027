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
    /// <summary>Depth of one packed slice: a B micro-panel of KC × NR floats (32 KiB) stays in the 48 KiB L1 while
    /// the A micro-panels of a block stream past it.</summary>
    private const int KC = 256;

    /// <summary>Most rows of A per block (one task): a packed block of MC × KC floats (144 KiB) stays in L2.</summary>
    private const int MC = 144;

    /// <summary>Products smaller than this many FLOP run on the calling thread: below it a task costs more than
    /// the second core saves.</summary>
    internal static double ParallelFlops = 3e6; // TEMP-HARNESS

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

        if (IsSkinny<T>(s))
        {
            MultiplySkinny(a, b, c, s);
            return;
        }

        // Both operands are packed once, whole, before any block starts (slice by slice, on every core when the
        // product is parallel): every task then reads the same aligned panels and nothing is packed twice.
        var grid = Grid.For<T>(s);
        var slices = (s.K + KC - 1) / KC;
        var packedA = (nint)Aligned<T>.ForA(slices * KC * RoundUp(s.M, MR));
        var packedB = (nint)Aligned<T>.ForB(slices * KC * RoundUp(s.N, NR<T>()));
        if (grid.Tasks == 1)
        {
            for (var slice = 0; slice < slices; slice++)
            {
                Pack(a, b, s, (T*)packedA, (T*)packedB, slice);
            }

            MultiplyBlock((T*)packedA, (T*)packedB, c, s, grid, 0);
            return;
        }

        Parallel.For(0, slices, slice => Pack(a, b, s, (T*)packedA, (T*)packedB, slice));
        Parallel.For(0, grid.Tasks, task => MultiplyBlock((T*)packedA, (T*)packedB, c, s, grid, task));
    }

    private static void Pack<T>(T[] a, T[] b, MatMulShape s, T* packedA, T* packedB, int slice) where T : unmanaged
    {
        var pc = slice * KC;
        PackA(a, s, pc, Math.Min(KC, s.K - pc), packedA + (pc * RoundUp(s.M, MR)));
        PackB(b, s, packedB, slice);
    }

    /// <summary>
    /// How C is cut into tasks: row blocks of at most <see cref="MC"/> rows, and, when there are too few of them to
    /// keep every core busy (the MLP's M = 64), column blocks of whole B micro-panels as well.
    /// </summary>
    private readonly record struct Grid(int RowsPerBlock, int PanelsPerBlock, int RowBlocks, int ColumnBlocks)
    {
        public int Tasks => RowBlocks * ColumnBlocks;

        public static Grid For<T>(MatMulShape s) where T : unmanaged
        {
            var panels = (s.N + NR<T>() - 1) / NR<T>();
            var rowBlocks = (s.M + MC - 1) / MC;
            // Balanced blocks: 1024 rows are 8 blocks of 132 (rounded to MR), not 7 of 144 and one of 16.
            var rows = RoundUp((s.M + rowBlocks - 1) / rowBlocks, MR);
            rowBlocks = (s.M + rows - 1) / rows;
            if (s.Flops < ParallelFlops || Environment.ProcessorCount == 1)
            {
                return new Grid(rows, panels, rowBlocks, 1);
            }

            var columnBlocks = Math.Clamp((2 * Environment.ProcessorCount) / rowBlocks, 1, panels);
            var perBlock = (panels + columnBlocks - 1) / columnBlocks;
            return new Grid(rows, perBlock, rowBlocks, (panels + perBlock - 1) / perBlock);
        }
    }

    /// <summary>One task: its rows of C, slice by slice, each the product of packed A and B panels.</summary>
    private static void MultiplyBlock<T>(T* packedA, T* packedB, T[] c, MatMulShape s, Grid grid, int task)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var nr = NR<T>();
        var ic = task / grid.ColumnBlocks * grid.RowsPerBlock;
        var jc = task % grid.ColumnBlocks * grid.PanelsPerBlock * nr;
        var mc = Math.Min(grid.RowsPerBlock, s.M - ic);
        var nc = Math.Min(grid.PanelsPerBlock * nr, s.N - jc);
        var scratch = stackalloc T[MR * nr];
        fixed (T* pc0 = c)
        {
            for (var pc = 0; pc < s.K; pc += KC)
            {
                var kc = Math.Min(KC, s.K - pc);
                var sliceA = packedA + (pc * RoundUp(s.M, MR));
                var sliceB = packedB + (pc * RoundUp(s.N, nr));
                // One A micro-panel (12 KiB) stays in L1 while the B panels of the slice (in L2) stream past it;
                // C is then written tile after tile along the same rows.
                for (var ir = ic; ir < ic + mc; ir += MR)
                {
                    for (var jr = jc; jr < jc + nc; jr += nr)
                    {
                        var tile = new Tile<T>(pc0 + (ir * s.N) + jr, s.N, Math.Min(MR, s.M - ir),
                            Math.Min(nr, s.N - jr), pc == 0, scratch);
                        MicroKernel(kc, sliceA + (ir * kc), sliceB + (jr * kc), tile);
                    }
                }
            }
        }
    }

    private static int RoundUp(int n, int multiple) => (n + multiple - 1) / multiple * multiple;
}
