using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Lessons.Backends.Cpu;

internal static unsafe partial class Gemm
{
    /// <summary>
    /// Packs op(B) into NR-column micro-panels, one K slice (rows pc = slice·KC.. of op(B)) per call: panel q holds,
    /// for each k, the NR values B[pc + k, q·NR + j] side by side; columns past the edge are zero.
    /// </summary>
    private static void PackB<T>(T[] b, MatMulShape s, T* packed, int slice) where T : unmanaged
    {
        var nr = NR<T>();
        var pc = slice * KC;
        var kc = Math.Min(KC, s.K - pc);
        for (var jr = 0; jr < s.N; jr += nr)
        {
            var width = Math.Min(nr, s.N - jr);
            var start = packed + (pc * RoundUp(s.N, nr)) + (jr * kc);
            var panel = new Span<T>(start, kc * nr);
            if (!s.TransB)
            {
                // B is (K, N): each k contributes a contiguous run of the panel's columns, two vectors when the
                // panel is whole (a span copy per row cost more than the copy itself).
                if (width == nr)
                {
                    fixed (T* pb = b)
                    {
                        var w = Vector512<T>.Count;
                        for (var k = 0; k < kc; k++)
                        {
                            var from = pb + ((pc + k) * s.N) + jr;
                            var to = start + (k * nr);
                            Vector512.Load(from).Store(to);
                            Vector512.Load(from + w).Store(to + w);
                        }
                    }

                    continue;
                }

                for (var k = 0; k < kc; k++)
                {
                    b.AsSpan(((pc + k) * s.N) + jr, width).CopyTo(panel.Slice(k * nr, width));
                    panel.Slice((k * nr) + width, nr - width).Clear();
                }

                continue;
            }

            // B is stored (N, K): column j of op(B) is the contiguous row j of storage, read forward and written down
            // the panel with a stride of NR (the writes stay inside a panel that fits in L1).
            fixed (T* pb = b)
            {
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

                // Stored (M, K): four rows at a time read forward side by side, written four values per k; a loop
                // over all twelve rows per k, with its multiply per element, made this copy 15% of 1024³ (A/B).
                var r0 = 0;
                for (; r0 + 4 <= rows; r0 += 4)
                {
                    T* x0 = source + (r0 * rowStep), x1 = x0 + rowStep, x2 = x1 + rowStep, x3 = x2 + rowStep;
                    var to = panel + r0;
                    for (var k = 0; k < kc; k++)
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
                    for (var k = 0; k < kc; k++)
                    {
                        to[k * MR] = from[k];
                    }
                }
            }
        }
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
