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
/// <item><b>Packing</b> (<c>Gemm.Packing.cs</c>): op(B) is copied once into panels of 32 columns and each row of
/// A's micro-panels into a panel of 12 rows, both laid out so the micro-kernel reads them strictly forward from one
/// pointer, whatever the operands' layout (a transposed operand is read here, never materialized), into
/// 64-byte-aligned memory. Alignment is issue 13's drop of 1024³ from ~200 to ~170: the old kernel packed B into a
/// pooled array, and when that array started 8–48 bytes past a cache line every vector load of B straddled two
/// lines, 108 against 89–93 GFLOP/s; this kernel gives 108–117 whatever the alignment of A, B and C. Packing costs
/// about a tenth of 1024³ (1.8 of 18 ms; copying A four rows at a time instead of twelve took it from 2.8 ms).</item>
/// <item><b>K slices</b> of <see cref="KC"/> = 256: a slice of packed B (256 × N, 1 MiB at N = 1024) stays in
/// L2 while one A micro-panel (12 × 256, 12 KiB) stays in L1 and the B panels stream past it. At 1024³ KC = 128,
/// 192, 256, 384 and 512 are within 4% of each other; 256 was best by a hair. Reading the A panels past one B
/// panel (the other loop order) gave 111 against 115, and again 139–146 against 145–155 on the current kernel.
/// Slice after slice, each core adds one slice into its rows of C, so a slice of B is brought into each core's L2
/// once (slice outside, blocks of rows inside: 148 → 158 GFLOP/s on one core, 266 → 285 on two, A/B).</item>
/// <item><b>A work list</b> (<c>Gemm.WorkList.cs</c>): the product is cut into steps, each slice's packing of B into
/// four (8 panels each) and its multiplication into one step per row of A's micro-panels (86 at 1024³; a few rows in a
/// small product, so a step is at least 2 MFLOP), and the cores take the next step from a shared counter. Before it,
/// each core had every other block of 132 rows and the packing of B was a parallel loop of its own before them; timed
/// inside a 1024³ product on two cores, the second core's thread started 30–250 µs after the first (a thread-pool
/// thread waking up), the packing took 370–550 µs for 450 µs of work on two cores, and the blocks were uneven (528 rows
/// against 496): about 0.4 of 7.4 ms. With the list, 1024³ went from 267–291 to 293–300 GFLOP/s on two cores (A/B, four
/// rounds each) and stayed the same on one. Products under 3·10⁶ FLOP (a few tens of microseconds) stay on the calling
/// thread. The break-even could not be measured on this loaded machine (with the second core busy, two tasks lost to
/// one at every size); a task costs a few microseconds on an idle core, the softmax regression's 4·10⁶ FLOP products
/// about 50 µs on one core, and the MLP's 1.3·10⁷ about 100 µs.</item>
/// <item><b>Skinny products</b> (<c>Gemm.Skinny.cs</c>): C with at most one vector of columns, and X·Wᵀ with at
/// most 256 rows and K of at least 8 vectors, take kernels that pack neither operand: 256×784 @ 784×10 went from
/// 49.5 to 79 GFLOP/s, (256×784)ᵀ @ 256×10 from 42.5 to 80, the MLP's 64×784 @ (128×784)ᵀ from 67 to 85; with
/// their folds and copies tightened, 91–95 and 108–114 (a later measurement, on a quiet machine). They stay on one
/// core below 10⁷ FLOP (<c>SkinnyParallelFlops</c>).</item>
/// </list>
/// </summary>
internal static unsafe partial class Gemm
{
    /// <summary>Depth of one packed slice: an A micro-panel of MR × KC floats (12 KiB) stays in the 48 KiB L1 while
    /// the B micro-panels of the slice (KC × NR, 32 KiB each) stream past it from L2.</summary>
    private const int KC = 256;

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

        // Every step of the product (pack a group of B's panels for one K slice; multiply some rows of A's
        // micro-panels by one slice) goes on a work list that the cores take from in order (Gemm.WorkList.cs).
        var plan = Plan.For<T>(s);
        var work = new WorkList(plan);
        var packedB = (nint)Aligned<T>.ForB(s.K * RoundUp(s.N, NR<T>()));
        if (plan.Workers == 1)
        {
            Work(a, b, (T*)packedB, c, s, plan, work);
            return;
        }

        Parallel.For(0, plan.Workers, _ => Work(a, b, (T*)packedB, c, s, plan, work));
    }

    /// <summary>
    /// One core's part of a product: steps taken from <paramref name="work"/> until none is left. A pack step packs a
    /// group of B's micro-panels for one slice. A multiply step packs its micro-panels of A one at a time (12 rows, one
    /// slice: 12 KiB that stays in L1) and runs each past the B panels of its column block (in L2), adding into its
    /// rows of C; it first waits, if it must, for its slice of B to be packed and for the previous slice to have been
    /// added into the same rows of C, so every element of C is summed in the same order on any number of cores.
    /// </summary>
    private static void Work<T>(T[] a, T[] b, T* packedB, T[] c, MatMulShape s, Plan plan, WorkList work)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var nr = NR<T>();
        // One vector of slack: the last column Transpose12x16 stores spills four values past the panel.
        var packedA = Aligned<T>.ForA((MR * KC) + Vector512<T>.Count);
        var scratch = stackalloc T[MR * nr];
        fixed (T* pc0 = c)
        {
            while (work.TryTake(out var step))
            {
                var pc = step.Slice * KC;
                var kc = Math.Min(KC, s.K - pc);
                var sliceB = packedB + (pc * RoundUp(s.N, nr));
                if (step.Pack)
                {
                    var first = step.Index * plan.PanelsPerPack;
                    PackB(b, s, sliceB, pc, first, Math.Min(plan.PanelsPerPack, plan.Panels - first));
                    work.Packed(step.Slice);
                    continue;
                }

                var firstRow = step.Index / plan.ColumnBlocks * plan.RowsPerStep * MR;
                var lastRow = Math.Min(s.M, firstRow + (plan.RowsPerStep * MR));
                var jc = step.Index % plan.ColumnBlocks * plan.PanelsPerBlock * nr;
                var jEnd = Math.Min(s.N, jc + (plan.PanelsPerBlock * nr));
                work.WaitForSlice(step.Slice);
                work.WaitForTurn(step.Index, step.Slice);
                for (var ir = firstRow; ir < lastRow; ir += MR)
                {
                    var rows = Math.Min(MR, s.M - ir);
                    PackA(a, s, ir, rows, pc, kc, packedA);
                    for (var jr = jc; jr < jEnd; jr += nr)
                    {
                        var tile = new Tile<T>(pc0 + (ir * s.N) + jr, s.N, rows, Math.Min(nr, s.N - jr), pc == 0,
                            scratch);
                        MicroKernel(kc, packedA, sliceB + (jr * kc), tile);
                    }
                }

                work.Added(step.Index);
            }
        }
    }

    private static int RoundUp(int n, int multiple) => (n + multiple - 1) / multiple * multiple;
}
