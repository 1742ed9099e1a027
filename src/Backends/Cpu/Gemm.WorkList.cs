using System.Runtime.CompilerServices;

namespace Lessons.Backends.Cpu;

internal static partial class Gemm
{
    /// <summary>
    /// How a blocked product is cut into steps. A multiply step is <see cref="RowsPerStep"/> rows of A's
    /// micro-panels (<see cref="MR"/> rows each) times one K slice, across a column block of C: all of N, or, when
    /// there are too few multiply steps to keep every core busy, a share of B's micro-panels. A pack step packs
    /// <see cref="PanelsPerPack"/> micro-panels of B for one slice.
    /// </summary>
    internal readonly record struct Plan(int Slices, int RowPanels, int RowsPerStep, int Panels, int PanelsPerPack,
        int ColumnBlocks, int PanelsPerBlock, int Workers)
    {
        /// <summary>
        /// The least packed B in one pack step, in bytes: 256 KiB, 8 micro-panels of a full slice of floats (256
        /// of each row of B, 1 KiB read forward), so a slice of 1024 columns is four steps that both cores share.
        /// A smaller B is packed in one step a slice: the MLP's 64 × 784 in four steps of 50 KiB measured no
        /// better than in one (its products, timed one after the other with other work between).
        /// </summary>
        private const int MinPackBytes = 256 * 1024;

        /// <summary>
        /// The least work in a multiply step, in floating-point operations: about 10 µs on one core. Handing a
        /// step over costs something (a counter both cores write, the waits' reads, lines of C that the other core
        /// may hold), nothing against 1024³'s 6.3 MFLOP steps (one row of micro-panels) but more against the
        /// 0.2–0.4 MFLOP that one row is in the MLP's products. The MLP epoch measured the same either way, within
        /// its noise of a few percent.
        /// </summary>
        private const double MinStepFlops = 2e6;

        /// <summary>Multiply steps per core at least, where a product has fewer rows of micro-panels: columns are
        /// then split as well, so that a core that starts late still finds steps left to take.</summary>
        private const int StepsPerCore = 4;

        /// <summary>Pack steps of each slice.</summary>
        public int PackSteps => (Panels + PanelsPerPack - 1) / PanelsPerPack;

        /// <summary>Multiply steps down the rows of C.</summary>
        public int RowSteps => (RowPanels + RowsPerStep - 1) / RowsPerStep;

        /// <summary>Multiply steps of each slice: one per row step and column block.</summary>
        public int MultiplySteps => RowSteps * ColumnBlocks;

        /// <summary>The plan of the product <paramref name="s"/> on this machine's cores.</summary>
        public static Plan For<T>(MatMulShape s) where T : unmanaged
        {
            var slices = (s.K + KC - 1) / KC;
            var rowPanels = (s.M + MR - 1) / MR;
            var panels = (s.N + NR<T>() - 1) / NR<T>();
            var panelBytes = Math.Min(s.K, KC) * NR<T>() * Unsafe.SizeOf<T>();
            var panelsPerPack = Math.Max(1, MinPackBytes / panelBytes);
            var rowFlops = 2.0 * MR * s.N * Math.Min(s.K, KC);
            var rowsPerStep = Math.Clamp((int)Math.Ceiling(MinStepFlops / rowFlops), 1, rowPanels);
            var rowSteps = (rowPanels + rowsPerStep - 1) / rowsPerStep;
            var cores = Environment.ProcessorCount;
            if (s.Flops < ParallelFlops || cores == 1)
            {
                return new Plan(slices, rowPanels, rowsPerStep, panels, panelsPerPack, 1, panels, 1);
            }

            var columnBlocks = rowSteps >= cores
                ? 1
                : Math.Clamp((StepsPerCore * cores + rowSteps - 1) / rowSteps, 1, panels);
            var perBlock = (panels + columnBlocks - 1) / columnBlocks;
            return new Plan(slices, rowPanels, rowsPerStep, panels, panelsPerPack, (panels + perBlock - 1) / perBlock,
                perBlock, cores);
        }
    }

    /// <summary>One step of a product: pack step or multiply step <paramref name="Index"/> of K slice
    /// <paramref name="Slice"/>.</summary>
    internal readonly record struct Step(bool Pack, int Slice, int Index);

    /// <summary>
    /// The steps of one product in the order the cores take them: B's first slice is packed, then, slice after
    /// slice, the next slice's packing and this slice's multiply steps. Whichever core is free takes the next step,
    /// so a core that starts late (a thread-pool thread takes 30–250 µs to wake) or is interrupted does less, and no
    /// core waits at a barrier between packing and multiplying: the packing of slice p + 1 is done before the
    /// multiply steps of slice p, long before it is needed. A multiply step waits only in two rare cases, both a
    /// step taken earlier by another core that has not finished: the packing of its slice, or the previous slice
    /// of its rows of C.
    /// </summary>
    internal sealed class WorkList(Plan plan)
    {
        private readonly int[] packed = new int[plan.Slices];
        private readonly int[] slicesAdded = new int[plan.MultiplySteps];
        private int taken = -1;

        /// <summary>The next step, if any is left: each step is taken by exactly one core.</summary>
        public bool TryTake(out Step step)
        {
            var i = Interlocked.Increment(ref taken);
            var (pack, multiply) = (plan.PackSteps, plan.MultiplySteps);
            step = default;
            if (i >= plan.Slices * (pack + multiply))
            {
                return false;
            }

            if (i < pack)
            {
                step = new Step(true, 0, i);
                return true;
            }

            // After the first slice's packing, a segment per slice: the next slice's packing (none after the last
            // slice), then this slice's multiply steps.
            var j = i - pack;
            var slice = Math.Min(j / (pack + multiply), plan.Slices - 1);
            var offset = j - (slice * (pack + multiply));
            var packsFirst = slice + 1 < plan.Slices ? pack : 0;
            step = offset < packsFirst
                ? new Step(true, slice + 1, offset)
                : new Step(false, slice, offset - packsFirst);
            return true;
        }

        /// <summary>Records that one pack step of <paramref name="slice"/> is done.</summary>
        public void Packed(int slice) => Interlocked.Increment(ref packed[slice]);

        /// <summary>Waits until every pack step of <paramref name="slice"/> is done.</summary>
        public void WaitForSlice(int slice) => SpinUntil(ref packed[slice], plan.PackSteps);

        /// <summary>Waits until the slices before <paramref name="slice"/> have been added into the rows of C of
        /// multiply step <paramref name="index"/>.</summary>
        public void WaitForTurn(int index, int slice) => SpinUntil(ref slicesAdded[index], slice);

        /// <summary>Records that one more slice has been added into the rows of C of multiply step
        /// <paramref name="index"/>.</summary>
        public void Added(int index) => Volatile.Write(ref slicesAdded[index], slicesAdded[index] + 1);

        /// <summary>Spins (never sleeps a whole millisecond: the wait is for a step another core is running, a few
        /// tens of microseconds at most) until <paramref name="counter"/> reads <paramref name="value"/>.</summary>
        private static void SpinUntil(ref int counter, int value)
        {
            var spin = default(SpinWait);
            while (Volatile.Read(ref counter) < value)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }
    }
}
