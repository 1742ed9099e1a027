using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Lessons.Backends;

namespace Lessons.Backends.Cpu;

/// <summary>
/// Matrix multiplication C = op(A)·op(B), blocked the way BLIS and OpenBLAS do it. <see cref="Reference"/> is the
/// definition in three loops; this file computes the same sums in an order that keeps the operands in cache and
/// registers. Each level of blocking, what it is for, and its measured effect: float32, AVX-512 (a Xeon whose FMA
/// peak is 173 GFLOP/s per core), one core, GFLOP/s per second of CPU time so that other processes on the shared
/// machine (load average 28–40 on its 2 cores) count less; old and new kernels alternated in one process, median of
/// 7–11 rounds, ±5%:
/// <list type="number">
/// <item><b>The register tile</b> (<see cref="MicroKernel"/>): a 12 × 2-vector tile of C (12 × 32 floats) lives in
/// 24 of the 32 AVX-512 registers for a whole K slice; each k is one rank-1 update, 12 broadcasts of A times 2
/// vectors of B, 24 fused multiply-adds for 14 loads. This is what turns memory traffic into arithmetic: alone, on
/// panels in L1, it runs at 163 GFLOP/s, 94% of the FMA peak; the three loops of <see cref="Reference"/> reach
/// 0.14–0.6. The 6 × 2 tile before it (12 accumulators, A read through six pointers) gave 102 at 1024³ where this
/// one gives 117.</item>
/// <item><b>Packing</b> (<c>Gemm.Packing.cs</c>): op(B) is copied once into panels of 32 columns and each task's rows
/// of op(A) into panels of 12 rows, both laid out so the micro-kernel reads them strictly forward from one pointer,
/// whatever the operands' layout (a transposed operand is read here, never materialized), into 64-byte-aligned
/// memory. Alignment is issue 13's drop of 1024³ from ~200 to ~170: the old kernel packed B into a pooled array,
/// and when that array started 8–48 bytes past a cache line every vector load of B straddled two lines, 108
/// against 89–93 GFLOP/s; this kernel gives 108–117 whatever the alignment of A, B and C. Packing costs about a
/// tenth of 1024³ (1.8 of 18 ms; copying A four rows at a time instead of twelve took it from 2.8 ms).</item>
/// <item><b>K slices</b> of <see cref="KC"/> = 256: a slice of packed B (256 × N, 1 MiB at N = 1024) stays in
/// L2 while one A micro-panel (12 × 256, 12 KiB) stays in L1 and the B panels stream past it. At 1024³ KC = 128,
/// 192, 256, 384 and 512 are within 4% of each other; 256 was best by a hair. Reading the A panels past one B
/// panel (the other loop order) gave 111 against 115.</item>
/// <item><b>Blocks</b> of at most <see cref="MC"/> = 144 rows (balanced: 1024 rows are 8 blocks of 132), and
/// columns split too when there are too few row blocks to keep both cores busy. Each core takes every other block
/// and walks its blocks slice by slice, the slice loop outside, so each slice of packed B comes into its L2 once
/// (see <c>MultiplyBlocks</c>); it packs its own rows of A slice by slice into a block that stays in L2: packing
/// all of A up front, to share it, gave 107–113 against 115–120. A product of one slice (the MLP's) hands its
/// blocks to whichever core is free instead. Products under 3·10⁶ FLOP (a few tens of microseconds) stay on the
/// calling thread. The break-even could not be measured on this loaded machine (with the second core busy, two
/// tasks lost to one at every size); a task costs a few microseconds on an idle core, the softmax regression's
/// 4·10⁶ FLOP products about 50 µs on one core, and the MLP's 1.3·10⁷ about 100 µs.</item>
/// <item><b>Skinny products</b> (<c>Gemm.Skinny.cs</c>): C with at most one vector of columns, and X·Wᵀ with at
/// most 256 rows and K of at least 8 vectors, take kernels that pack neither operand: 256×784 @ 784×10 went from
/// 49.5 to 79 GFLOP/s, (256×784)ᵀ @ 256×10 from 42.5 to 80, the MLP's 64×784 @ (128×784)ᵀ from 67 to 85; with
/// their folds and copies tightened, 91–95 and 108–114 (a later measurement, on a quiet machine). They stay on one
/// core below 10⁷ FLOP (<c>SkinnyParallelFlops</c>).</item>
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
    private const double ParallelFlops = 3e6;

    /// <summary>C = op(A)·op(B) for row-major A, B and C of the sizes <paramref name="s"/> names; C is
    /// overwritten.</summary>
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

        if (TakesSkinnyPath<T>(s))
        {
            MultiplySkinny(a, b, c, s);
            return;
        }

        // B is packed once, whole, before any block starts (slice by slice, on every core when the product is
        // parallel): every task reads the same aligned panels. Each task packs its own rows of A, a slice at a time.
        var grid = Grid.For<T>(s);
        var slices = (s.K + KC - 1) / KC;
        var packedB = (nint)Aligned<T>.ForB(s.K * RoundUp(s.N, NR<T>()));
        if (grid.Tasks == 1)
        {
            for (var slice = 0; slice < slices; slice++)
            {
                PackB(b, s, (T*)packedB, slice);
            }

            MultiplyBlocks(a, (T*)packedB, c, s, grid, 0, 1);
            return;
        }

        Parallel.For(0, slices, slice => PackB(b, s, (T*)packedB, slice));
        // Several slices: one worker per core, each keeping its blocks for every slice. One slice: a worker per
        // block, so the blocks go to whichever core is free and a core busy elsewhere (the data loader gathering
        // the next batch) takes fewer of them.
        var workers = slices == 1 ? grid.Tasks : Math.Min(Environment.ProcessorCount, grid.Tasks);
        Parallel.For(0, workers, worker => MultiplyBlocks(a, (T*)packedB, c, s, grid, worker, workers));
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

    /// <summary>
    /// One worker's share of the blocks (blocks <paramref name="worker"/>, + <paramref name="workers"/>, …), slice
    /// by slice: each block's rows of A packed into a block that stays in L2, times its panels of the packed B,
    /// added into its tile of C. The slice loop is the outer one so that a slice of packed B (1 MiB at N = 1024)
    /// is brought into this core's L2 once for all of the worker's blocks; with the blocks outside, it came in
    /// again for every block (32 MiB from L3 for one core at 1024³ instead of 4). Measured at 1024³, A/B in one
    /// session: 148 → 158 GFLOP/s on one core, 266 → 285 on two.
    /// </summary>
    private static void MultiplyBlocks<T>(T[] a, T* packedB, T[] c, MatMulShape s, Grid grid, int worker,
        int workers)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var nr = NR<T>();
        // One vector of slack: the last column Transpose12x16 stores spills four values past the block.
        var packedA = Aligned<T>.ForA((grid.RowsPerBlock * KC) + Vector512<T>.Count);
        var scratch = stackalloc T[MR * nr];
        fixed (T* pc0 = c)
        {
            for (var pc = 0; pc < s.K; pc += KC)
            {
                var kc = Math.Min(KC, s.K - pc);
                var sliceB = packedB + (pc * RoundUp(s.N, nr));
                for (var task = worker; task < grid.Tasks; task += workers)
                {
                    var ic = task / grid.ColumnBlocks * grid.RowsPerBlock;
                    var jc = task % grid.ColumnBlocks * grid.PanelsPerBlock * nr;
                    var mc = Math.Min(grid.RowsPerBlock, s.M - ic);
                    var nc = Math.Min(grid.PanelsPerBlock * nr, s.N - jc);
                    PackA(a, s, ic, mc, pc, kc, packedA);
                    // One A micro-panel (12 KiB) stays in L1 while the B panels of the slice (in L2) stream past
                    // it; C is written tile after tile along the same rows.
                    for (var ir = 0; ir < mc; ir += MR)
                    {
                        for (var jr = jc; jr < jc + nc; jr += nr)
                        {
                            var tile = new Tile<T>(pc0 + ((ic + ir) * s.N) + jr, s.N, Math.Min(MR, mc - ir),
                                Math.Min(nr, s.N - jr), pc == 0, scratch);
                            MicroKernel(kc, packedA + (ir * kc), sliceB + (jr * kc), tile);
                        }
                    }
                }
            }
        }
    }

    private static int RoundUp(int n, int multiple) => (n + multiple - 1) / multiple * multiple;
}
