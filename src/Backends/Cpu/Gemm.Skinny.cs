using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static Lessons.Backends.Cpu.Simd;

namespace Lessons.Backends.Cpu;

/// <summary>
/// Skinny products, C with at most one vector of columns (softmax regression's N = 10): the register tile of
/// <see cref="MicroKernel"/> would hold 32 columns and waste two thirds of its multiplies on zeros, and packing A
/// would copy as many values as the product multiplies. So neither operand of any size is packed, and the vectors
/// run along a dimension that is long:
/// <list type="bullet">
/// <item>A stored (M, K), the forward pass X·W: along K. Each C[i, j] is a dot product of row i of A and column j
/// of B (B is transposed once into a small block), and a tile is 2 rows × 10 columns of dot products, 20
/// accumulators, each folded to one number at the end.</item>
/// <item>A stored (K, M), the weight gradient Xᵀ·G: along M. Row k of the storage holds op(A)[i, k] for
/// consecutive i, so a tile is 2 vectors of rows (32 floats) × 10 columns, each k adding 2 loaded vectors times 10
/// broadcast values of B; the tile is written into C's columns at the end.</item>
/// </list>
/// Ten columns because N = 10 then needs no padding, and each value of A read (from L2: a minibatch is 800 KB) feeds
/// ten multiply-adds. A first version with 4 rows × 5 columns read A twice and ran at 0.8–0.9× of this one (one
/// core, A/B). The smallest products pay for the folds: 64×128 @ (10×128)ᵀ (K = 128, 8 vectors of k per fold) runs at
/// 0.9× the kernel before this file, about half a microsecond more.
/// </summary>
internal static unsafe partial class Gemm
{
    /// <summary>Columns of C per skinny tile.</summary>
    private const int SkinnyCols = 10;

    /// <summary>Rows of A per dot-product tile.</summary>
    private const int DotRows = 2;

    /// <summary>Vectors of rows per column tile (Aᵀ read in place).</summary>
    private const int ColumnVectors = 2;

    /// <summary>
    /// Whether this file's kernels take the product. The weight gradient's kernel takes every skinny Aᵀ·B. The dot
    /// products take skinny A·B, and also X·Wᵀ with a minibatch of at most 256 rows (the MLP's forward pass,
    /// 64×784 @ (128×784)ᵀ): both operands are read along K as they are stored, so they skip the two transposing
    /// copies of the blocked path (one core, load average 40: 87 against 49 GFLOP/s blocked, 66 before this file;
    /// past 256 rows A no longer fits in L2). But only with at least 8 vectors of k per fold: with fewer, the folds
    /// cost more than the copies, and the blocked path keeps the sums in k order like the other kernels, so a
    /// product and its twin computed from a transposed copy agree to the last bit (the MLP lesson's "max |by hand −
    /// autograd|" over products with K = 3 and 8 stays 0; through the dot products it was 2.8·10⁻¹⁷).
    /// </summary>
    private static bool TakesSkinnyPath<T>(MatMulShape s) where T : unmanaged
    {
        var w = Vector512<T>.Count;
        return s.TransA
            ? s.N <= w
            : s.K >= 8 * w && (s.N <= w || (s.TransB && s.M <= 256));
    }

    private static void MultiplySkinny<T>(T[] a, T[] b, T[] c, MatMulShape s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (s.TransA)
        {
            MultiplyColumns(a, b, c, s);
        }
        else
        {
            MultiplyDots(a, b, c, s);
        }
    }

    /// <summary>
    /// The smallest skinny product split across cores, in floating-point operations. Higher than the blocked
    /// path's <see cref="ParallelFlops"/>: in a training step the other core's thread has parked since the last
    /// product (and the data loader gathers the next batch on that core), so waking it costs more than half of
    /// softmax regression's 4 MFLOP products, about 40 µs on one core. Its epoch, A/B in one build: 0.054–0.058 s
    /// on one core against 0.071–0.079 s on two. The MLP's 12.8 MFLOP forward product still gains from the second
    /// core (epoch 0.54 against 0.64 s).
    /// </summary>
    private const double SkinnyParallelFlops = 1e7;

    /// <summary>Runs <paramref name="tile"/> for each of <paramref name="tiles"/>, on every core when the product
    /// is big enough to pay for the tasks.</summary>
    private static void ForEachTile(int tiles, MatMulShape s, Action<int> tile)
    {
        if (tiles > 1 && s.Flops >= SkinnyParallelFlops && Environment.ProcessorCount > 1)
        {
            // One contiguous range of tiles per task: a few tasks, not one per tile.
            var tasks = Math.Min(tiles, 2 * Environment.ProcessorCount);
            Parallel.For(0, tasks, t =>
            {
                for (var i = tiles * t / tasks; i < tiles * (t + 1) / tasks; i++)
                {
                    tile(i);
                }
            });
            return;
        }

        for (var i = 0; i < tiles; i++)
        {
            tile(i);
        }
    }

    // ---- A stored (M, K): dot products along K ----

    private static void MultiplyDots<T>(T[] a, T[] b, T[] c, MatMulShape s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (w, k) = (Vector512<T>.Count, s.K);
        var (groups, chunks) = ((s.N + SkinnyCols - 1) / SkinnyCols, k / w);
        // op(B)ᵀ packed so the kernel reads it from one pointer: per group of 10 columns, per chunk of w values of
        // k, the 10 columns' vectors one after another (zeros past N); then a row of K zeros, which stands in for
        // the rows of A past M.
        var packed = Aligned<T>.ForB((groups * chunks * SkinnyCols * w) + k);
        var zeros = packed + (groups * chunks * SkinnyCols * w);
        new Span<T>(zeros, k).Clear();
        fixed (T* pb = b)
        {
            if (s.TransB)
            {
                // Column col of op(B) is row col of the storage: a vector load per chunk.
                for (var col = 0; col < groups * SkinnyCols; col++)
                {
                    var (g, j) = (col / SkinnyCols, col % SkinnyCols);
                    for (var chunk = 0; chunk < chunks; chunk++)
                    {
                        var to = packed + ((((g * chunks) + chunk) * SkinnyCols) + j) * w;
                        (col < s.N ? Vector512.Load(pb + (col * k) + (chunk * w)) : Vector512<T>.Zero).Store(to);
                    }
                }
            }
            else
            {
                // B stored (K, N), N ≤ w here: read in its own order, a row of N values per k, each value to its
                // column's vector. Column by column, the reads stride N (one core: 86 against 93 GFLOP/s for the
                // whole product).
                new Span<T>(packed, groups * chunks * SkinnyCols * w).Clear();
                var column = stackalloc nint[s.N]; // where column col's vector of the first chunk starts
                for (var col = 0; col < s.N; col++)
                {
                    column[col] = ((col / SkinnyCols * chunks * SkinnyCols) + (col % SkinnyCols)) * w;
                }

                for (var kk = 0; kk < chunks * w; kk++)
                {
                    var to = packed + (kk / w * SkinnyCols * w) + (kk % w);
                    var row = pb + (kk * s.N);
                    for (var col = 0; col < s.N; col++)
                    {
                        to[column[col]] = row[col];
                    }
                }
            }
        }

        // Tiles go group by group (all row pairs of the first 10 columns, then the next 10), so a group's packed
        // columns stay in L1 while the rows of A stream past.
        var (p, z, pairs) = ((nint)packed, (nint)zeros, (s.M + DotRows - 1) / DotRows);
        ForEachTile(groups * pairs, s, tile => DotTile(a, b, c, s, tile / pairs, tile % pairs * DotRows, (T*)p, (T*)z));
    }

    /// <summary>Rows i0, i0 + 1 of C, columns 10·group..10·group + 10.</summary>
    [SkipLocalsInit] // the stackalloc'd tiles are written in full before they are read
    private static void DotTile<T>(T[] a, T[] b, T[] c, MatMulShape s, int group, int i0, T* packedBt, T* zeros)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (w, k) = (Vector512<T>.Count, s.K);
        var chunks = k / w;
        var acc = stackalloc Vector512<T>[DotRows * SkinnyCols];
        fixed (T* pa = a, pb = b, pc = c)
        {
            var a0 = pa + (i0 * k);
            var a1 = i0 + 1 < s.M ? a0 + k : zeros;
            var j0 = group * SkinnyCols;
            DotKernel(chunks, a0, a1, packedBt + (group * chunks * SkinnyCols * w), acc);
            var sums = stackalloc T[DotRows * SkinnyCols];
            SumEach(acc, DotRows * SkinnyCols, sums);
            for (var r = 0; r < Math.Min(DotRows, s.M - i0); r++)
            {
                var row = r == 0 ? a0 : a1;
                for (var j = 0; j < Math.Min(SkinnyCols, s.N - j0); j++)
                {
                    // The folded vector of partial sums, plus the K % w products the vectors left over.
                    var sum = sums[(r * SkinnyCols) + j];
                    for (var kk = chunks * w; kk < k; kk++)
                    {
                        sum += row[kk] * (s.TransB ? pb[((j0 + j) * k) + kk] : pb[(kk * s.N) + j0 + j]);
                    }

                    pc[((i0 + r) * s.N) + j0 + j] = sum;
                }
            }
        }
    }

    /// <summary>
    /// 2 × 10 dot products over <paramref name="chunks"/> vectors of k of two rows of A and ten packed columns of
    /// B: per vector of k, 12 loads feed 20 fused multiply-adds. The partial sums are parked in
    /// <paramref name="acc"/> (no call while they are live, as in <see cref="MicroKernel"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotKernel<T>(int chunks, T* a0, T* a1, T* b, Vector512<T>* acc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c02 = default, c03 = default, c04 = default;
        Vector512<T> c05 = default, c06 = default, c07 = default, c08 = default, c09 = default;
        Vector512<T> c10 = default, c11 = default, c12 = default, c13 = default, c14 = default;
        Vector512<T> c15 = default, c16 = default, c17 = default, c18 = default, c19 = default;
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            var (x0, x1) = (Vector512.Load(a0), Vector512.Load(a1));
            var y = Vector512.Load(b);
            c00 = MulAdd(x0, y, c00);
            c10 = MulAdd(x1, y, c10);
            y = Vector512.Load(b + w);
            c01 = MulAdd(x0, y, c01);
            c11 = MulAdd(x1, y, c11);
            y = Vector512.Load(b + (2 * w));
            c02 = MulAdd(x0, y, c02);
            c12 = MulAdd(x1, y, c12);
            y = Vector512.Load(b + (3 * w));
            c03 = MulAdd(x0, y, c03);
            c13 = MulAdd(x1, y, c13);
            y = Vector512.Load(b + (4 * w));
            c04 = MulAdd(x0, y, c04);
            c14 = MulAdd(x1, y, c14);
            y = Vector512.Load(b + (5 * w));
            c05 = MulAdd(x0, y, c05);
            c15 = MulAdd(x1, y, c15);
            y = Vector512.Load(b + (6 * w));
            c06 = MulAdd(x0, y, c06);
            c16 = MulAdd(x1, y, c16);
            y = Vector512.Load(b + (7 * w));
            c07 = MulAdd(x0, y, c07);
            c17 = MulAdd(x1, y, c17);
            y = Vector512.Load(b + (8 * w));
            c08 = MulAdd(x0, y, c08);
            c18 = MulAdd(x1, y, c18);
            y = Vector512.Load(b + (9 * w));
            c09 = MulAdd(x0, y, c09);
            c19 = MulAdd(x1, y, c19);
            a0 += w;
            a1 += w;
            b += SkinnyCols * w;
        }

        Park(acc, c00, c01, c02, c03, c04, c05, c06, c07, c08, c09);
        Park(acc + SkinnyCols, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19);
    }

    /// <summary>Stores ten accumulators side by side (inlined: a real call would make the JIT spill them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Park<T>(Vector512<T>* to, Vector512<T> v0, Vector512<T> v1, Vector512<T> v2,
        Vector512<T> v3, Vector512<T> v4, Vector512<T> v5, Vector512<T> v6, Vector512<T> v7, Vector512<T> v8,
        Vector512<T> v9) where T : unmanaged
    {
        to[0] = v0;
        to[1] = v1;
        to[2] = v2;
        to[3] = v3;
        to[4] = v4;
        to[5] = v5;
        to[6] = v6;
        to[7] = v7;
        to[8] = v8;
        to[9] = v9;
    }

    // ---- A stored (K, M): vectors along M ----

    private static void MultiplyColumns<T>(T[] a, T[] b, T[] c, MatMulShape s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var groups = (s.N + SkinnyCols - 1) / SkinnyCols;
        var packed = Aligned<T>.ForB(groups * s.K * SkinnyCols);
        fixed (T* pb = b)
        {
            if (!s.TransB && s.N == SkinnyCols)
            {
                // Softmax regression's gradient: B stored (K, 10) already is that layout (one copy, not 2560
                // moves one by one: 110 against 103 GFLOP/s for the whole product on one core).
                new Span<T>(pb, s.K * SkinnyCols).CopyTo(new Span<T>(packed, s.K * SkinnyCols));
            }
            else
            {
                PackColumnGroups(pb, s, groups, packed);
            }
        }

        var rowsPerTile = ColumnVectors * Vector512<T>.Count;
        var p = (nint)packed;
        ForEachTile((s.M + rowsPerTile - 1) / rowsPerTile, s, tile => ColumnTile(a, c, s, tile * rowsPerTile, (T*)p));
    }

    /// <summary>op(B) in groups of 10 columns, k-major: the 10 values of one k side by side, zeros past N.</summary>
    private static void PackColumnGroups<T>(T* pb, MatMulShape s, int groups, T* packed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var g = 0; g < groups; g++)
        {
            var group = packed + (g * s.K * SkinnyCols);
            for (var k = 0; k < s.K; k++)
            {
                for (var j = 0; j < SkinnyCols; j++)
                {
                    var col = (g * SkinnyCols) + j;
                    group[(k * SkinnyCols) + j] = col >= s.N ? T.Zero
                        : s.TransB ? pb[(col * s.K) + k] : pb[(k * s.N) + col];
                }
            }
        }
    }

    /// <summary>Rows i0..i0+2w of C, ten columns at a time; a ragged last tile is copied to zero-padded
    /// scratch first, so the kernel never reads past A.</summary>
    [SkipLocalsInit] // the stackalloc'd tiles are written in full before they are read
    private static void ColumnTile<T>(T[] a, T[] c, MatMulShape s, int i0, T* packedB)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Vector512<T>.Count;
        var height = ColumnVectors * w;
        var rows = Math.Min(height, s.M - i0);
        var acc = stackalloc Vector512<T>[ColumnVectors * SkinnyCols];
        fixed (T* pa = a, pc = c)
        {
            var tileA = pa + i0;
            var lda = s.M;
            if (rows < height)
            {
                var edge = Aligned<T>.ForA(s.K * height);
                for (var k = 0; k < s.K; k++)
                {
                    new Span<T>(pa + (k * s.M) + i0, rows).CopyTo(new Span<T>(edge + (k * height), rows));
                    new Span<T>(edge + (k * height) + rows, height - rows).Clear();
                }

                tileA = edge;
                lda = height;
            }

            for (var j0 = 0; j0 < s.N; j0 += SkinnyCols)
            {
                ColumnKernel(s.K, tileA, lda, packedB + (j0 * s.K), acc);
                // acc[v·10 + j] holds C[i0 + v·w .. i0 + v·w + w, j0 + j]: written down C's column.
                var cols = Math.Min(SkinnyCols, s.N - j0);
                for (var i = 0; i < rows; i++)
                {
                    var from = (T*)(acc + (i / w * SkinnyCols)) + (i % w);
                    var to = pc + ((i0 + i) * s.N) + j0;
                    if (cols == SkinnyCols)
                    {
                        // Written out: the loop's index arithmetic cost more than the copies (one core, 103 against
                        // 91 GFLOP/s for the whole product).
                        (to[0], to[1], to[2], to[3], to[4]) = (from[0], from[w], from[2 * w], from[3 * w], from[4 * w]);
                        (to[5], to[6], to[7], to[8], to[9]) =
                            (from[5 * w], from[6 * w], from[7 * w], from[8 * w], from[9 * w]);
                        continue;
                    }

                    for (var j = 0; j < cols; j++)
                    {
                        to[j] = from[j * w];
                    }
                }
            }
        }
    }

    /// <summary>
    /// A 2-vector × 10-column tile of C: per k, 2 vectors of row k of Aᵀ's storage times 10 broadcast values of
    /// op(B), 20 fused multiply-adds from 12 loads. Parked in <paramref name="acc"/> at the end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ColumnKernel<T>(int kc, T* a, nint lda, T* b, Vector512<T>* acc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c02 = default, c03 = default, c04 = default;
        Vector512<T> c05 = default, c06 = default, c07 = default, c08 = default, c09 = default;
        Vector512<T> c10 = default, c11 = default, c12 = default, c13 = default, c14 = default;
        Vector512<T> c15 = default, c16 = default, c17 = default, c18 = default, c19 = default;
        for (var k = 0; k < kc; k++)
        {
            var (x0, x1) = (Vector512.Load(a), Vector512.Load(a + w));
            var y = Vector512.Create(b[0]);
            c00 = MulAdd(x0, y, c00);
            c10 = MulAdd(x1, y, c10);
            y = Vector512.Create(b[1]);
            c01 = MulAdd(x0, y, c01);
            c11 = MulAdd(x1, y, c11);
            y = Vector512.Create(b[2]);
            c02 = MulAdd(x0, y, c02);
            c12 = MulAdd(x1, y, c12);
            y = Vector512.Create(b[3]);
            c03 = MulAdd(x0, y, c03);
            c13 = MulAdd(x1, y, c13);
            y = Vector512.Create(b[4]);
            c04 = MulAdd(x0, y, c04);
            c14 = MulAdd(x1, y, c14);
            y = Vector512.Create(b[5]);
            c05 = MulAdd(x0, y, c05);
            c15 = MulAdd(x1, y, c15);
            y = Vector512.Create(b[6]);
            c06 = MulAdd(x0, y, c06);
            c16 = MulAdd(x1, y, c16);
            y = Vector512.Create(b[7]);
            c07 = MulAdd(x0, y, c07);
            c17 = MulAdd(x1, y, c17);
            y = Vector512.Create(b[8]);
            c08 = MulAdd(x0, y, c08);
            c18 = MulAdd(x1, y, c18);
            y = Vector512.Create(b[9]);
            c09 = MulAdd(x0, y, c09);
            c19 = MulAdd(x1, y, c19);
            a += lda;
            b += SkinnyCols;
        }

        // acc[v·10 + j] holds rows v·w.. of column j.
        Park(acc, c00, c01, c02, c03, c04, c05, c06, c07, c08, c09);
        Park(acc + SkinnyCols, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19);
    }
}
