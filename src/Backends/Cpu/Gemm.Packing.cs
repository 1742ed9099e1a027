using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lessons.Backends.Cpu;

internal static unsafe partial class Gemm
{
    /// <summary>
    /// Packs micro-panels <paramref name="first"/>.. of one K slice of op(B) (rows <paramref name="pc"/>.. of
    /// op(B), <paramref name="count"/> panels of NR columns) into <paramref name="slice"/>, the slice's packed
    /// panels: panel q holds, for each k, the NR values B[pc + k, q·NR + j] side by side; columns past the edge are
    /// zero.
    /// </summary>
    private static void PackB<T>(T[] b, MatMulShape s, T* slice, int pc, int first, int count) where T : unmanaged
    {
        var (nr, w) = (NR<T>(), Vector512<T>.Count);
        var kc = Math.Min(KC, s.K - pc);
        var (j0, j1) = (first * nr, Math.Min(s.N, (first + count) * nr));
        fixed (T* pb = b)
        {
            if (!s.TransB)
            {
                // B is (K, N): row by row, each k's run of the group's columns read forward (1 KiB for 8 panels),
                // two vectors into each whole panel; a copy per panel, down 256 rows 4 KiB apart, was slower.
                var whole = j0 + ((j1 - j0) / nr * nr);
                for (var k = 0; k < kc; k++)
                {
                    var from = pb + ((pc + k) * s.N);
                    for (var jr = j0; jr < whole; jr += nr)
                    {
                        var to = slice + (jr * kc) + (k * nr);
                        Vector512.Load(from + jr).Store(to);
                        Vector512.Load(from + jr + w).Store(to + w);
                    }

                    if (whole < j1)
                    {
                        var to = new Span<T>(slice + (whole * kc) + (k * nr), nr);
                        new Span<T>(from + whole, j1 - whole).CopyTo(to);
                        to[(j1 - whole)..].Clear();
                    }
                }

                return;
            }

            // B is stored (N, K): column j of op(B) is the contiguous row j of storage, read forward and written down
            // the panel with a stride of NR (the writes stay inside a panel that fits in L1).
            for (var jr = j0; jr < j1; jr += nr)
            {
                var width = Math.Min(nr, s.N - jr);
                var start = slice + (jr * kc);
                for (var j = 0; j < nr; j++)
                {
                    var column = pb + ((jr + j) * s.K) + pc;
                    var to = start + j;
                    for (var k = 0; k < kc; k++)
                    {
                        to[k * nr] = j < width ? column[k] : default;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs rows ic..ic+mc of op(A), columns pc..pc+kc, into MR-row micro-panels: panel p holds, for each k, the MR
    /// values A[ic + p·MR + r, pc + k] side by side (rows past the edge are zero), so the micro-kernel reads A
    /// forward from one pointer whatever A's layout.
    /// </summary>
    private static void PackA<T>(T[] a, MatMulShape s, int ic, int mc, int pc, int kc, T* packed) where T : unmanaged
    {
        // Element (i, k) of op(A) is at a[i·rowStep + k·kStep], whether or not A is stored transposed.
        var (rowStep, kStep) = s.TransA ? (1, s.M) : (s.K, 1);
        fixed (T* pa = a)
        {
            for (var ir = 0; ir < mc; ir += MR)
            {
                var rows = Math.Min(MR, mc - ir);
                var panel = packed + (ir * kc);
                var source = pa + ((ic + ir) * rowStep) + (pc * kStep);
                if (rows < MR)
                {
                    new Span<T>(panel, kc * MR).Clear();
                }

                if (s.TransA)
                {
                    // Stored (K, M): the MR values of one k are contiguous, a straight copy per k.
                    for (var k = 0; k < kc; k++)
                    {
                        var from = source + (k * kStep);
                        var to = panel + (k * MR);
                        for (var r = 0; r < rows; r++)
                        {
                            to[r] = from[r];
                        }
                    }

                    continue;
                }

                // Stored (M, K), a whole panel of float32: sixteen k at a time transposed in registers.
                var k0 = 0;
                if (typeof(T) == typeof(float) && Avx512F.IsSupported && rows == MR)
                {
                    for (; k0 + 16 <= kc; k0 += 16)
                    {
                        Transpose12x16((float*)(source + k0), rowStep, (float*)(panel + (k0 * MR)));
                    }
                }

                // The rest: four rows at a time read forward side by side, written four values per k; a loop over
                // all twelve rows per k, with its multiply per element, made this copy 15% of 1024³ (A/B).
                var r0 = 0;
                for (; r0 + 4 <= rows; r0 += 4)
                {
                    T* x0 = source + (r0 * rowStep), x1 = x0 + rowStep, x2 = x1 + rowStep, x3 = x2 + rowStep;
                    var to = panel + (k0 * MR) + r0;
                    for (var k = k0; k < kc; k++)
                    {
                        to[0] = x0[k];
                        to[1] = x1[k];
                        to[2] = x2[k];
                        to[3] = x3[k];
                        to += MR;
                    }
                }

                for (var r = r0; r < rows; r++)
                {
                    var from = source + (r * rowStep);
                    var to = panel + r;
                    for (var k = k0; k < kc; k++)
                    {
                        to[k * MR] = from[k];
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs sixteen k of a whole micro-panel: rows r0..r11 of A (<paramref name="lda"/> apart, sixteen values each)
    /// go to <paramref name="to"/> as sixteen runs of twelve, the k-th run holding A[0..11, k]. The twelve rows and
    /// four of zeros are transposed as a 16 × 16 block in four rounds of shuffles (pairs of rows interleaved, then
    /// quads, then 128-bit quarters twice), and each column is stored whole at its run: its four lanes past the
    /// twelfth land on the next run's start and are overwritten by the next store, the last ones on the next panel
    /// (packed after this one) or on the panel's slack. Per value about a third of a shuffle instead of a load and
    /// a store of its own: 1024³ went from 140 to 146 GFLOP/s on one core and from 270 to 282 on two (A/B, two
    /// rounds). The packing still takes about 6% of a profile: what is left is waiting for A to arrive from memory.
    /// </summary>
    private static void Transpose12x16(float* a, int lda, float* to)
    {
        var z = Vector512<float>.Zero;
        var (r0, r1, r2, r3) = (Vector512.Load(a), Vector512.Load(a + lda), Vector512.Load(a + (2 * lda)),
            Vector512.Load(a + (3 * lda)));
        var (r4, r5, r6, r7) = (Vector512.Load(a + (4 * lda)), Vector512.Load(a + (5 * lda)),
            Vector512.Load(a + (6 * lda)), Vector512.Load(a + (7 * lda)));
        var (r8, r9, r10, r11) = (Vector512.Load(a + (8 * lda)), Vector512.Load(a + (9 * lda)),
            Vector512.Load(a + (10 * lda)), Vector512.Load(a + (11 * lda)));

        // Pairs: within each 128-bit quarter, rows 2i and 2i + 1 interleaved (a0 b0 a1 b1 | a2 b2 a3 b3 per quarter).
        var (t0, t1) = (Avx512F.UnpackLow(r0, r1), Avx512F.UnpackHigh(r0, r1));
        var (t2, t3) = (Avx512F.UnpackLow(r2, r3), Avx512F.UnpackHigh(r2, r3));
        var (t4, t5) = (Avx512F.UnpackLow(r4, r5), Avx512F.UnpackHigh(r4, r5));
        var (t6, t7) = (Avx512F.UnpackLow(r6, r7), Avx512F.UnpackHigh(r6, r7));
        var (t8, t9) = (Avx512F.UnpackLow(r8, r9), Avx512F.UnpackHigh(r8, r9));
        var (t10, t11) = (Avx512F.UnpackLow(r10, r11), Avx512F.UnpackHigh(r10, r11));

        // Quads: four rows' values of one k per quarter (a0 b0 c0 d0 | a4 b4 c4 d4 | a8 … | a12 …).
        const byte Low = 0x44, High = 0xEE;
        var (q0, q1, q2, q3) = (Avx512F.Shuffle(t0, t2, Low), Avx512F.Shuffle(t0, t2, High),
            Avx512F.Shuffle(t1, t3, Low), Avx512F.Shuffle(t1, t3, High));
        var (q4, q5, q6, q7) = (Avx512F.Shuffle(t4, t6, Low), Avx512F.Shuffle(t4, t6, High),
            Avx512F.Shuffle(t5, t7, Low), Avx512F.Shuffle(t5, t7, High));
        var (q8, q9, q10, q11) = (Avx512F.Shuffle(t8, t10, Low), Avx512F.Shuffle(t8, t10, High),
            Avx512F.Shuffle(t9, t11, Low), Avx512F.Shuffle(t9, t11, High));

        // Quarters, twice: the even quarters of two vectors (0x88), or the odd ones (0xDD), side by side. The rows
        // 12..15 are the zero vector z.
        const byte Even = 0x88, Odd = 0xDD;
        var (e0, e1, e2, e3) = (Avx512F.Shuffle4x128(q0, q4, Even), Avx512F.Shuffle4x128(q1, q5, Even),
            Avx512F.Shuffle4x128(q2, q6, Even), Avx512F.Shuffle4x128(q3, q7, Even));
        var (e4, e5, e6, e7) = (Avx512F.Shuffle4x128(q0, q4, Odd), Avx512F.Shuffle4x128(q1, q5, Odd),
            Avx512F.Shuffle4x128(q2, q6, Odd), Avx512F.Shuffle4x128(q3, q7, Odd));
        var (e8, e9, e10, e11) = (Avx512F.Shuffle4x128(q8, z, Even), Avx512F.Shuffle4x128(q9, z, Even),
            Avx512F.Shuffle4x128(q10, z, Even), Avx512F.Shuffle4x128(q11, z, Even));
        var (e12, e13, e14, e15) = (Avx512F.Shuffle4x128(q8, z, Odd), Avx512F.Shuffle4x128(q9, z, Odd),
            Avx512F.Shuffle4x128(q10, z, Odd), Avx512F.Shuffle4x128(q11, z, Odd));

        // Column k: rows 0..3, 4..7, 8..11 and the zeros, one quarter each.
        Avx512F.Shuffle4x128(e0, e8, Even).Store(to);
        Avx512F.Shuffle4x128(e1, e9, Even).Store(to + 12);
        Avx512F.Shuffle4x128(e2, e10, Even).Store(to + 24);
        Avx512F.Shuffle4x128(e3, e11, Even).Store(to + 36);
        Avx512F.Shuffle4x128(e4, e12, Even).Store(to + 48);
        Avx512F.Shuffle4x128(e5, e13, Even).Store(to + 60);
        Avx512F.Shuffle4x128(e6, e14, Even).Store(to + 72);
        Avx512F.Shuffle4x128(e7, e15, Even).Store(to + 84);
        Avx512F.Shuffle4x128(e0, e8, Odd).Store(to + 96);
        Avx512F.Shuffle4x128(e1, e9, Odd).Store(to + 108);
        Avx512F.Shuffle4x128(e2, e10, Odd).Store(to + 120);
        Avx512F.Shuffle4x128(e3, e11, Odd).Store(to + 132);
        Avx512F.Shuffle4x128(e4, e12, Odd).Store(to + 144);
        Avx512F.Shuffle4x128(e5, e13, Odd).Store(to + 156);
        Avx512F.Shuffle4x128(e6, e14, Odd).Store(to + 168);
        Avx512F.Shuffle4x128(e7, e15, Odd).Store(to + 180);
    }

    /// <summary>
    /// A block of memory per thread for packed panels, 64-byte aligned (one cache line, one AVX-512 vector) so no
    /// vector load of a panel straddles two lines. Managed arrays are only 8- or 16-byte aligned, and where a
    /// buffer happened to start moved 1024³ by about 15 % (issue 13), so the panels live in a pinned array (it never
    /// moves, and the collector frees it with its thread) at the first aligned element. It grows to the largest
    /// product seen and is reused.
    /// </summary>
    private static class Aligned<T> where T : unmanaged
    {
        private const int Alignment = 64;

        [ThreadStatic]
        private static T[]? forA;

        [ThreadStatic]
        private static T[]? forB;

        /// <summary>Room for <paramref name="length"/> elements of packed A, for this thread.</summary>
        public static T* ForA(int length) => Start(ref forA, length);

        /// <summary>Room for <paramref name="length"/> elements of packed B, for this thread.</summary>
        public static T* ForB(int length) => Start(ref forB, length);

        private static T* Start(ref T[]? array, int length)
        {
            var slack = Alignment / Unsafe.SizeOf<T>();
            if (array is null || array.Length < length + slack)
            {
                array = GC.AllocateUninitializedArray<T>(length + slack, pinned: true);
            }

            var first = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
            var aligned = (first + Alignment - 1) & ~(nint)(Alignment - 1);
            return (T*)aligned;
        }
    }
}
