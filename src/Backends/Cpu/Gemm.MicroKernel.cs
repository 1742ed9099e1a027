using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static Lessons.Backends.Cpu.Simd;

namespace Lessons.Backends.Cpu;

internal static unsafe partial class Gemm
{
    /// <summary>Rows of the register tile, MR.</summary>
    private const int MR = 12;

    /// <summary>Vectors per row of the register tile: NR = 2 vectors (32 floats, 16 doubles with AVX-512).</summary>
    private const int NRVectors = 2;

    /// <summary>Columns of the register tile, NR: two vectors of <typeparamref name="T"/>.</summary>
    private static int NR<T>() where T : unmanaged => NRVectors * Vector512<T>.Count;

    /// <summary>
    /// The inner loop: a 12 × 2-vector tile of C in 24 of the 32 AVX-512 registers, updated kc times by one column
    /// of a packed A micro-panel (12 values, broadcast one at a time) times one row of a packed B micro-panel (two
    /// vectors). Both panels are read strictly forward from 64-byte-aligned memory. Per k: 2 vector loads and 12
    /// broadcasts feed 24 fused multiply-adds, so the two FMA units, not the loads, set the pace.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel<T>(int kc, T* a, T* b, in Tile<T> tile)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Vector512<T>.Count;
        tile.Prefetch();
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default;
        Vector512<T> c90 = default, c91 = default, cA0 = default, cA1 = default, cB0 = default, cB1 = default;
        for (var k = 0; k < kc; k++)
        {
            // B streams from L2: ask for its row eight k ahead (1 KiB), so it is in L1 when the loop gets there
            // (142 against 137 GFLOP/s on one core at 1024³; four or sixteen k ahead did no better). A hint the
            // JIT drops where there is no SSE (an Arm CPU), as it drops the test.
            if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
            {
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(b + (16 * w));
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(b + (17 * w));
            }

            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + w);
            var x = Vector512.Create(a[0]);
            c00 = MulAdd(x, b0, c00);
            c01 = MulAdd(x, b1, c01);
            x = Vector512.Create(a[1]);
            c10 = MulAdd(x, b0, c10);
            c11 = MulAdd(x, b1, c11);
            x = Vector512.Create(a[2]);
            c20 = MulAdd(x, b0, c20);
            c21 = MulAdd(x, b1, c21);
            x = Vector512.Create(a[3]);
            c30 = MulAdd(x, b0, c30);
            c31 = MulAdd(x, b1, c31);
            x = Vector512.Create(a[4]);
            c40 = MulAdd(x, b0, c40);
            c41 = MulAdd(x, b1, c41);
            x = Vector512.Create(a[5]);
            c50 = MulAdd(x, b0, c50);
            c51 = MulAdd(x, b1, c51);
            x = Vector512.Create(a[6]);
            c60 = MulAdd(x, b0, c60);
            c61 = MulAdd(x, b1, c61);
            x = Vector512.Create(a[7]);
            c70 = MulAdd(x, b0, c70);
            c71 = MulAdd(x, b1, c71);
            x = Vector512.Create(a[8]);
            c80 = MulAdd(x, b0, c80);
            c81 = MulAdd(x, b1, c81);
            x = Vector512.Create(a[9]);
            c90 = MulAdd(x, b0, c90);
            c91 = MulAdd(x, b1, c91);
            x = Vector512.Create(a[10]);
            cA0 = MulAdd(x, b0, cA0);
            cA1 = MulAdd(x, b1, cA1);
            x = Vector512.Create(a[11]);
            cB0 = MulAdd(x, b0, cB0);
            cB1 = MulAdd(x, b1, cB1);
            a += MR;
            b += 2 * w;
        }

        if (tile.Whole)
        {
            // A whole tile goes from the registers straight into C, row by row (parking it in the scratch block
            // first, as the edges do, cost about 1% of 1024³ on one core, A/B).
            var p = tile.C;
            var (ldc, add) = (tile.Ldc, !tile.Overwrite);
            Put(c00, c01, p, add);
            Put(c10, c11, p + ldc, add);
            Put(c20, c21, p + (2 * ldc), add);
            Put(c30, c31, p + (3 * ldc), add);
            Put(c40, c41, p + (4 * ldc), add);
            Put(c50, c51, p + (5 * ldc), add);
            Put(c60, c61, p + (6 * ldc), add);
            Put(c70, c71, p + (7 * ldc), add);
            Put(c80, c81, p + (8 * ldc), add);
            Put(c90, c91, p + (9 * ldc), add);
            Put(cA0, cA1, p + (10 * ldc), add);
            Put(cB0, cB1, p + (11 * ldc), add);
            return;
        }

        // An edge tile: park the accumulators in the caller's scratch block, then add the valid part into C. No
        // allocation and no call while they are live: either makes the JIT keep all 24 on the stack and reload
        // them on every k.
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
        acc[12] = c60;
        acc[13] = c61;
        acc[14] = c70;
        acc[15] = c71;
        acc[16] = c80;
        acc[17] = c81;
        acc[18] = c90;
        acc[19] = c91;
        acc[20] = cA0;
        acc[21] = cA1;
        acc[22] = cB0;
        acc[23] = cB1;
        tile.Write();
    }

    /// <summary>Stores one row of a whole tile, two vectors, into C at <paramref name="row"/>, added to what is
    /// there when <paramref name="add"/> (a slice after the first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<T>(Vector512<T> left, Vector512<T> right, T* row, bool add)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Vector512<T>.Count;
        if (add)
        {
            left += Vector512.Load(row);
            right += Vector512.Load(row + w);
        }

        left.Store(row);
        right.Store(row + w);
    }

    /// <summary>Where a finished register tile goes in C: rows × cols valid, added unless this is the first
    /// slice.</summary>
    private readonly struct Tile<T>(T* c, int ldc, int rows, int cols, bool overwrite, T* scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Room for the MR × NR accumulators, owned by the caller.</summary>
        public T* Scratch { get; } = scratch;

        /// <summary>The tile's first element in C.</summary>
        public T* C => c;

        /// <summary>Elements from one row of C to the next.</summary>
        public int Ldc => ldc;

        /// <summary>Whether the tile is stored (the first slice) rather than added.</summary>
        public bool Overwrite => overwrite;

        /// <summary>Whether all MR × NR values of the tile are inside C.</summary>
        public bool Whole => rows == MR && cols == NR<T>();

        /// <summary>Asks the cache for the tile's rows of C now, so they arrive while the k loop runs instead of
        /// stalling the write into C at its end.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prefetch()
        {
            if (!System.Runtime.Intrinsics.X86.Sse.IsSupported)
            {
                return; // a hint only: on an Arm CPU the call would throw instead
            }

            for (var r = 0; r < rows; r++)
            {
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(c + (r * ldc));
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(c + (r * ldc) + cols - 1);
            }
        }

        /// <summary>Adds (or stores) the MR × NR accumulators parked in <see cref="Scratch"/> into C, clipped to the
        /// edge.</summary>
        public void Write()
        {
            var (w, nr) = (Vector512<T>.Count, NR<T>());
            for (var r = 0; r < rows; r++)
            {
                var source = Scratch + (r * nr);
                var target = c + (r * ldc);
                if (cols == nr)
                {
                    for (var v = 0; v < nr; v += w)
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
