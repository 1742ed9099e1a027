using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Lessons.Backends;
using static Lessons.Backends.Cpu.Simd;

namespace Lessons.Backends.Cpu;

/// <summary>
/// The stride-1 convolution without im2col's copies (an "implicit GEMM"). With stride 1, row (c, a, b) of im2col's
/// matrix is the zero-padded image read from c·plane + a·Wp + b on — one run of memory, shifted — provided the
/// outputs are computed on the padded grid: Wp positions per output row instead of OW, the last Wp − OW of them
/// thrown away. So the product W · cols reads the padded image in place, and every tap of the kernel is one
/// broadcast weight times a few contiguous loads:
/// <list type="bullet">
/// <item>the forward pass and the input gradient are the same correlation (<see cref="Correlate{T}"/>): the input
/// gradient correlates the output gradient, padded by k − 1 − p, with the kernel flipped and its two channel axes
/// swapped (d2l §13.10's transposed convolution);</item>
/// <item>the weight gradient sums gY · shifted X over the positions of every image
/// (<see cref="WeightGrad{T}"/>).</item>
/// </list>
/// Each keeps a tile of 12 SIMD registers, as <see cref="Gemm"/>'s micro-kernel does. On LeNet's layers (products
/// only 6 × 25 and 16 × 150 deep) im2col + GEMM spent much of its time copying windows and packing them: measured on
/// a batch of 256 in one process, old and new alternating (CPU time, load average 30–43 on 2 cores), the first
/// layer's forward pass went from 4.5 to 1.2 ms, its weight gradient from 7.6 to 1.5 ms; the second layer's forward
/// from 7.3 to 1.6 ms, its input gradient from 5.7 to 3.5 ms and its weight gradient from 9.7 to 2.3–3.6 ms.
/// </summary>
internal static unsafe class ShiftedConvolution
{
    /// <summary>gY rows (output channels) in one weight-gradient tile.</summary>
    private const int GradRows = 4;

    /// <summary>Taps in one weight-gradient tile.</summary>
    private const int GradTaps = 3;

    /// <summary>Elements of one group of the weight gradient's images: 32 KiB of float32, within a 48 KiB L1.
    /// </summary>
    private const int L1Elements = 8192;

    /// <summary>Images are split into this many parts, run on the cores as they come free. A fixed count, not the
    /// number of cores, so that the weight gradient's partial sums add up in the same order on every machine.
    /// </summary>
    private const int Parts = 8;

    /// <summary>Below this many multiply-adds everything runs on one core: a task costs more than it saves.</summary>
    private const double ParallelMacs = 1e6;

    /// <summary>Stride 1: every row of im2col is a shifted run of the padded image.</summary>
    public static bool Applies(Conv2dLayout l) => l.Stride == 1;

    /// <summary>The input gradient also needs the output gradient's padding k − 1 − p to be non-negative.</summary>
    public static bool AppliesToInputGrad(Conv2dLayout l) =>
        Applies(l) && l.Padding <= l.KernelHeight - 1 && l.Padding <= l.KernelWidth - 1;

    /// <summary>y = bias + W ⋆ x, see <see cref="IBackend.Conv2d"/>.</summary>
    public static void Forward<T>(T[] x, T[] w, T[]? bias, T[] y, Conv2dLayout l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var grid = new Grid(l.InChannels, l.Height, l.Width, l.Padding, l.Padding, l.KernelHeight, l.KernelWidth);
        Correlate(x, grid, w, bias, l.OutChannels, y, l.Batch);
    }

    /// <summary>gX = the full correlation of gY with the flipped kernel, channels swapped.</summary>
    public static void InputGrad<T>(T[] gy, T[] w, T[] gx, Conv2dLayout l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (kh, kw) = (l.KernelHeight, l.KernelWidth);
        var flipped = new T[l.WeightLength]; // flipped[c, o, a, b] = w[o, c, kh − 1 − a, kw − 1 − b]
        for (var o = 0; o < l.OutChannels; o++)
        {
            for (var c = 0; c < l.InChannels; c++)
            {
                for (var a = 0; a < kh; a++)
                {
                    for (var b = 0; b < kw; b++)
                    {
                        flipped[(((c * l.OutChannels) + o) * kh + a) * kw + b] =
                            w[(((o * l.InChannels) + c) * kh + (kh - 1 - a)) * kw + (kw - 1 - b)];
                    }
                }
            }
        }

        var grid = new Grid(l.OutChannels, l.OutHeight, l.OutWidth, kh - 1 - l.Padding, kw - 1 - l.Padding, kh, kw);
        Correlate(gy, grid, flipped, null, l.InChannels, gx, l.Batch);
    }

    /// <summary>
    /// gW[o, (c, a, b)] = Σ_n Σ_q gY[n, o, q] · padded x[n, c·plane + a·Wp + b + q], q over the padded grid with gY
    /// zero in the thrown-away columns. Each part of the images sums into its own vectors; the parts are added in
    /// part order, so the result does not depend on which core ran what.
    /// </summary>
    public static void WeightGrad<T>(T[] x, T[] gy, T[] gw, Conv2dLayout l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var grid = new Grid(l.InChannels, l.Height, l.Width, l.Padding, l.Padding, l.KernelHeight, l.KernelWidth);
        var width = Vector512<T>.Count;
        var positions = RoundUp(grid.Positions, width);
        var (taps, rows) = (grid.Taps, RoundUp(l.OutChannels, GradRows));
        var offsets = grid.Offsets(RoundUp(taps, GradTaps)); // the padded taps read offset 0 and are dropped
        var xLength = grid.Length(width);
        var imageLength = xLength + (rows * positions);

        // A group of images is as many as keep one block of four gY rows and their images in the L1 cache while
        // every block of taps passes over them (LeNet: 1 image in the first layer, 4 in the second).
        var group = Math.Clamp(L1Elements / (xLength + (GradRows * positions)), 1, l.Batch);
        var partials = new T[Parts][];
        var macs = (double)l.Batch * l.OutChannels * l.OutHeight * l.OutWidth * l.PatchLength;
        ForEachPart(l.Batch, macs, (part, first, end) =>
        {
            var padded = ArrayPool<T>.Shared.Rent(group * imageLength);
            // One vector per (o, tap), summed across at the end. Rented, as `padded` is: a fresh array here was
            // 150 KB per part and call in LeNet's second layer, half a gigabyte of large-object garbage an epoch.
            var sumsLength = rows * offsets.Length * width;
            var sums = ArrayPool<T>.Shared.Rent(sumsLength);
            try
            {
                sums.AsSpan(0, sumsLength).Clear();
                // Cleared once: the borders, the slack, the thrown-away columns and the padding rows of gY are
                // never written afterwards.
                padded.AsSpan(0, group * imageLength).Clear();
                for (var start = first; start < end; start += group)
                {
                    var count = Math.Min(group, end - start);
                    for (var n = 0; n < count; n++)
                    {
                        var image = padded.AsSpan(n * imageLength, imageLength);
                        grid.Fill(x, (start + n) * grid.SourceLength, image);
                        OnGrid(gy, (start + n) * l.OutChannels, l, grid.Wp, positions, image[xLength..]);
                    }

                    SumGroup(padded, count, imageLength, xLength, positions, offsets, rows, sums);
                }

                var result = partials[part] = new T[rows * offsets.Length];
                for (var k = 0; k < result.Length; k++)
                {
                    result[k] = Vector512.Sum(Vector512.Create<T>(sums.AsSpan(k * width, width)));
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(padded);
                ArrayPool<T>.Shared.Return(sums);
            }
        });

        gw.AsSpan(0, l.WeightLength).Clear();
        foreach (var sums in partials.Where(p => p is not null))
        {
            for (var o = 0; o < l.OutChannels; o++)
            {
                for (var k = 0; k < taps; k++)
                {
                    gw[(o * taps) + k] += sums[(o * offsets.Length) + k];
                }
            }
        }
    }

    /// <summary>
    /// target[n, r, i, j] = bias[r] + Σ_(c, a, b) kernel[r, c, a, b] · padded source[n, c, i + a, j + b] for every
    /// image n: each image is copied into a zero-padded grid, the tiles are computed on the grid, and the columns
    /// j &lt; OW of each row are copied out.
    /// </summary>
    private static void Correlate<T>(T[] source, Grid grid, T[] kernel, T[]? bias, int outRows, T[] target, int batch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shape = TileShape.For<T>(outRows, grid.Positions);
        var (tileRows, width) = (shape.Rows, shape.Width<T>());
        var positions = RoundUp(grid.Positions, width);
        var (taps, blocks) = (grid.Taps, (outRows + tileRows - 1) / tileRows);
        var offsets = grid.Offsets(taps);

        // The kernel as [block][tap][row], zero rows past the last: the weights a tap needs are side by side.
        var packed = new T[blocks * taps * tileRows];
        var packedBias = new T[blocks * tileRows];
        for (var r = 0; r < outRows; r++)
        {
            var (block, t) = Math.DivRem(r, tileRows);
            for (var k = 0; k < taps; k++)
            {
                packed[(((block * taps) + k) * tileRows) + t] = kernel[(r * taps) + k];
            }

            packedBias[r] = bias is null ? T.Zero : bias[r];
        }

        var (oh, ow, wp) = (grid.OutHeight, grid.OutWidth, grid.Wp);
        ForEachPart(batch, (double)batch * outRows * oh * ow * taps, (_, first, end) =>
        {
            var padded = ArrayPool<T>.Shared.Rent(grid.Length(width));
            var output = ArrayPool<T>.Shared.Rent(tileRows * positions);
            try
            {
                padded.AsSpan(0, grid.Length(width)).Clear(); // borders and slack stay zero
                fixed (T* pPadded = padded, pOutput = output, pPacked = packed, pBias = packedBias)
                fixed (int* pOffsets = offsets)
                {
                    for (var n = first; n < end; n++)
                    {
                        grid.Fill(source, n * grid.SourceLength, padded);
                        for (var block = 0; block < blocks; block++)
                        {
                            var weights = pPacked + (block * taps * tileRows);
                            var rowBias = pBias + (block * tileRows);
                            for (var q = 0; q < positions; q += width)
                            {
                                var at = pPadded + q;
                                var into = pOutput + q;
                                switch (tileRows)
                                {
                                    case 4: Tile4x3(at, pOffsets, taps, weights, rowBias, into, positions); break;
                                    case 3: Tile3x4(at, pOffsets, taps, weights, rowBias, into, positions); break;
                                    default: Tile2x6(at, pOffsets, taps, weights, rowBias, into, positions); break;
                                }
                            }

                            for (var t = 0; t < Math.Min(tileRows, outRows - (block * tileRows)); t++)
                            {
                                var plane = ((n * outRows) + (block * tileRows) + t) * oh * ow;
                                for (var i = 0; i < oh; i++)
                                {
                                    output.AsSpan((t * positions) + (i * wp), ow)
                                        .CopyTo(target.AsSpan(plane + (i * ow), ow));
                                }
                            }
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(padded);
                ArrayPool<T>.Shared.Return(output);
            }
        });
    }

    /// <summary>One image's gY[n, o] rows laid on the Wp-wide grid (the other columns keep their zeros).</summary>
    private static void OnGrid<T>(T[] gy, int firstPlane, Conv2dLayout l, int wp, int positions, Span<T> target)
    {
        var (oh, ow) = (l.OutHeight, l.OutWidth);
        for (var o = 0; o < l.OutChannels; o++)
        {
            for (var i = 0; i < oh; i++)
            {
                gy.AsSpan((((firstPlane + o) * oh) + i) * ow, ow).CopyTo(target.Slice((o * positions) + (i * wp)));
            }
        }
    }

    /// <summary>Adds one group of images' weight gradient to the vectors <paramref name="sums"/> ((o, tap) →
    /// one vector), a 4-channel × 3-tap tile at a time over all the images of the group.</summary>
    private static void SumGroup<T>(T[] padded, int count, int imageLength, int gyStart, int positions, int[] offsets,
        int rows, T[] sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var width = Vector512<T>.Count;
        fixed (T* pPadded = padded, pSums = sums)
        fixed (int* pOffsets = offsets)
        {
            for (var o = 0; o < rows; o += GradRows)
            {
                for (var k = 0; k < offsets.Length; k += GradTaps)
                {
                    GradTile4x3(pPadded, count, imageLength, pPadded + gyStart + (o * positions), positions,
                        pOffsets + k, pSums + (((o * offsets.Length) + k) * width), offsets.Length * width);
                }
            }
        }
    }

    /// <summary>
    /// Four output rows × three vectors of grid positions starting at <paramref name="input"/>:
    /// out[t, q] = bias[t] + Σ_k weights[k, t] · input[offsets[k] + q]. Nothing is called and nothing allocated while
    /// the twelve accumulators are live, so they stay in registers (see <see cref="Gemm"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x3<T>(T* input, int* offsets, int taps, T* weights, T* bias, T* output, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Vector512<T>.Count;
        Vector512<T> c00 = Vector512.Create(bias[0]), c01 = c00, c02 = c00;
        Vector512<T> c10 = Vector512.Create(bias[1]), c11 = c10, c12 = c10;
        Vector512<T> c20 = Vector512.Create(bias[2]), c21 = c20, c22 = c20;
        Vector512<T> c30 = Vector512.Create(bias[3]), c31 = c30, c32 = c30;
        for (var k = 0; k < taps; k++, weights += 4)
        {
            var p = input + offsets[k];
            var x0 = Vector512.Load(p);
            var x1 = Vector512.Load(p + w);
            var x2 = Vector512.Load(p + (2 * w));
            var v = Vector512.Create(weights[0]);
            c00 = MulAdd(v, x0, c00);
            c01 = MulAdd(v, x1, c01);
            c02 = MulAdd(v, x2, c02);
            v = Vector512.Create(weights[1]);
            c10 = MulAdd(v, x0, c10);
            c11 = MulAdd(v, x1, c11);
            c12 = MulAdd(v, x2, c12);
            v = Vector512.Create(weights[2]);
            c20 = MulAdd(v, x0, c20);
            c21 = MulAdd(v, x1, c21);
            c22 = MulAdd(v, x2, c22);
            v = Vector512.Create(weights[3]);
            c30 = MulAdd(v, x0, c30);
            c31 = MulAdd(v, x1, c31);
            c32 = MulAdd(v, x2, c32);
        }

        c00.Store(output);
        c01.Store(output + w);
        c02.Store(output + (2 * w));
        c10.Store(output + stride);
        c11.Store(output + stride + w);
        c12.Store(output + stride + (2 * w));
        c20.Store(output + (2 * stride));
        c21.Store(output + (2 * stride) + w);
        c22.Store(output + (2 * stride) + (2 * w));
        c30.Store(output + (3 * stride));
        c31.Store(output + (3 * stride) + w);
        c32.Store(output + (3 * stride) + (2 * w));
    }

    /// <summary>The variant of <see cref="Tile4x3{T}"/> with three rows × four vectors, for three or six output rows
    /// (LeNet's 6-channel first layer and input gradient), where four would compute zero rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile3x4<T>(T* input, int* offsets, int taps, T* weights, T* bias, T* output, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Vector512<T>.Count;
        Vector512<T> c00 = Vector512.Create(bias[0]), c01 = c00, c02 = c00, c03 = c00;
        Vector512<T> c10 = Vector512.Create(bias[1]), c11 = c10, c12 = c10, c13 = c10;
        Vector512<T> c20 = Vector512.Create(bias[2]), c21 = c20, c22 = c20, c23 = c20;
        for (var k = 0; k < taps; k++, weights += 3)
        {
            var p = input + offsets[k];
            var x0 = Vector512.Load(p);
            var x1 = Vector512.Load(p + w);
            var x2 = Vector512.Load(p + (2 * w));
            var x3 = Vector512.Load(p + (3 * w));
            var v = Vector512.Create(weights[0]);
            c00 = MulAdd(v, x0, c00);
            c01 = MulAdd(v, x1, c01);
            c02 = MulAdd(v, x2, c02);
            c03 = MulAdd(v, x3, c03);
            v = Vector512.Create(weights[1]);
            c10 = MulAdd(v, x0, c10);
            c11 = MulAdd(v, x1, c11);
            c12 = MulAdd(v, x2, c12);
            c13 = MulAdd(v, x3, c13);
            v = Vector512.Create(weights[2]);
            c20 = MulAdd(v, x0, c20);
            c21 = MulAdd(v, x1, c21);
            c22 = MulAdd(v, x2, c22);
            c23 = MulAdd(v, x3, c23);
        }

        c00.Store(output);
        c01.Store(output + w);
        c02.Store(output + (2 * w));
        c03.Store(output + (3 * w));
        c10.Store(output + stride);
        c11.Store(output + stride + w);
        c12.Store(output + stride + (2 * w));
        c13.Store(output + stride + (3 * w));
        c20.Store(output + (2 * stride));
        c21.Store(output + (2 * stride) + w);
        c22.Store(output + (2 * stride) + (2 * w));
        c23.Store(output + (2 * stride) + (3 * w));
    }

    /// <summary>The narrow variant of <see cref="Tile4x3{T}"/>: two rows × six vectors, for two or six output
    /// rows, where four would compute zero rows (LeNet's 6-channel first layer and input gradient).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile2x6<T>(T* input, int* offsets, int taps, T* weights, T* bias, T* output, int stride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Vector512<T>.Count;
        Vector512<T> c00 = Vector512.Create(bias[0]), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00;
        Vector512<T> c10 = Vector512.Create(bias[1]), c11 = c10, c12 = c10, c13 = c10, c14 = c10, c15 = c10;
        for (var k = 0; k < taps; k++, weights += 2)
        {
            var p = input + offsets[k];
            var v0 = Vector512.Create(weights[0]);
            var v1 = Vector512.Create(weights[1]);
            var x = Vector512.Load(p);
            c00 = MulAdd(v0, x, c00);
            c10 = MulAdd(v1, x, c10);
            x = Vector512.Load(p + w);
            c01 = MulAdd(v0, x, c01);
            c11 = MulAdd(v1, x, c11);
            x = Vector512.Load(p + (2 * w));
            c02 = MulAdd(v0, x, c02);
            c12 = MulAdd(v1, x, c12);
            x = Vector512.Load(p + (3 * w));
            c03 = MulAdd(v0, x, c03);
            c13 = MulAdd(v1, x, c13);
            x = Vector512.Load(p + (4 * w));
            c04 = MulAdd(v0, x, c04);
            c14 = MulAdd(v1, x, c14);
            x = Vector512.Load(p + (5 * w));
            c05 = MulAdd(v0, x, c05);
            c15 = MulAdd(v1, x, c15);
        }

        c00.Store(output);
        c01.Store(output + w);
        c02.Store(output + (2 * w));
        c03.Store(output + (3 * w));
        c04.Store(output + (4 * w));
        c05.Store(output + (5 * w));
        c10.Store(output + stride);
        c11.Store(output + stride + w);
        c12.Store(output + stride + (2 * w));
        c13.Store(output + stride + (3 * w));
        c14.Store(output + stride + (4 * w));
        c15.Store(output + stride + (5 * w));
    }

    /// <summary>
    /// The weight gradient's tile: for four rows of gY (<paramref name="gy"/>, <paramref name="positions"/> apart)
    /// and three taps, sums[t, u] += Σ over the images and grid positions q of gy[t, q] · image[offsets[u] + q], lane
    /// by lane: sums[t, u] is one vector at sums + t·<paramref name="rowStep"/> + u·(vector length).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GradTile4x3<T>(T* images, int count, int imageLength, T* gy, int positions, int* offsets,
        T* sums, int rowStep)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Vector512<T>.Count;
        T* s0 = sums, s1 = s0 + rowStep, s2 = s1 + rowStep, s3 = s2 + rowStep;
        Vector512<T> c00 = Vector512.Load(s0), c01 = Vector512.Load(s0 + w), c02 = Vector512.Load(s0 + (2 * w));
        Vector512<T> c10 = Vector512.Load(s1), c11 = Vector512.Load(s1 + w), c12 = Vector512.Load(s1 + (2 * w));
        Vector512<T> c20 = Vector512.Load(s2), c21 = Vector512.Load(s2 + w), c22 = Vector512.Load(s2 + (2 * w));
        Vector512<T> c30 = Vector512.Load(s3), c31 = Vector512.Load(s3 + w), c32 = Vector512.Load(s3 + (2 * w));
        for (var n = 0; n < count; n++, images += imageLength, gy += imageLength)
        {
            T* x0 = images + offsets[0], x1 = images + offsets[1], x2 = images + offsets[2];
            for (var q = 0; q < positions; q += w)
            {
                var a0 = Vector512.Load(x0 + q);
                var a1 = Vector512.Load(x1 + q);
                var a2 = Vector512.Load(x2 + q);
                var g = Vector512.Load(gy + q);
                c00 = MulAdd(g, a0, c00);
                c01 = MulAdd(g, a1, c01);
                c02 = MulAdd(g, a2, c02);
                g = Vector512.Load(gy + positions + q);
                c10 = MulAdd(g, a0, c10);
                c11 = MulAdd(g, a1, c11);
                c12 = MulAdd(g, a2, c12);
                g = Vector512.Load(gy + (2 * positions) + q);
                c20 = MulAdd(g, a0, c20);
                c21 = MulAdd(g, a1, c21);
                c22 = MulAdd(g, a2, c22);
                g = Vector512.Load(gy + (3 * positions) + q);
                c30 = MulAdd(g, a0, c30);
                c31 = MulAdd(g, a1, c31);
                c32 = MulAdd(g, a2, c32);
            }
        }

        c00.Store(s0);
        c01.Store(s0 + w);
        c02.Store(s0 + (2 * w));
        c10.Store(s1);
        c11.Store(s1 + w);
        c12.Store(s1 + (2 * w));
        c20.Store(s2);
        c21.Store(s2 + w);
        c22.Store(s2 + (2 * w));
        c30.Store(s3);
        c31.Store(s3 + w);
        c32.Store(s3 + (2 * w));
    }

    /// <summary>Runs <paramref name="body"/> (part, first image, end) over <see cref="Parts"/> parts of the batch,
    /// on every core when the <paramref name="macs"/> multiply-adds are enough to pay for the tasks.</summary>
    private static void ForEachPart(int batch, double macs, Action<int, int, int> body)
    {
        var parts = Math.Min(Parts, batch);
        if (macs < ParallelMacs)
        {
            body(0, 0, batch);
            return;
        }

        Parallel.For(0, parts, part => body(part, part * batch / parts, (part + 1) * batch / parts));
    }

    /// <summary>
    /// The register tile of <see cref="Correlate{T}"/>: 4 rows × 3 vectors, 3 × 4 or 2 × 6 — whichever computes the
    /// fewest padding rows and positions for this many rows and grid positions (LeNet: 3 × 4 for the first layer and
    /// the second's input gradient, 4 × 3 for the second's forward pass).
    /// </summary>
    private readonly record struct TileShape(int Rows, int Vectors)
    {
        public int Width<T>() where T : unmanaged => Vectors * Vector512<T>.Count;

        public static TileShape For<T>(int rows, int positions) where T : unmanaged
        {
            TileShape[] shapes = [new(4, 3), new(3, 4), new(2, 6)];
            return shapes.MinBy(s => RoundUp(rows, s.Rows) * (long)RoundUp(positions, s.Width<T>()));
        }
    }

    private static int RoundUp(int value, int step) => (value + step - 1) / step * step;

    /// <summary>
    /// One image's planes zero-padded by (PadH, PadW) and laid one after another, Wp wide; the outputs of a
    /// KernelH × KernelW window are computed on the same grid, OutHeight rows of Wp positions.
    /// </summary>
    private readonly record struct Grid(int Channels, int Height, int Width, int PadH, int PadW, int KernelH,
        int KernelW)
    {
        public int Hp => Height + (2 * PadH);

        public int Wp => Width + (2 * PadW);

        public int Plane => Hp * Wp;

        public int OutHeight => Hp - KernelH + 1;

        public int OutWidth => Wp - KernelW + 1;

        /// <summary>Output positions on the grid, the thrown-away columns included.</summary>
        public int Positions => OutHeight * Wp;

        public int Taps => Channels * KernelH * KernelW;

        /// <summary>Elements of one unpadded source image.</summary>
        public int SourceLength => Channels * Height * Width;

        /// <summary>Elements to allocate: the planes, and room for the last tile (positions rounded up to
        /// <paramref name="step"/>) read from the last tap.</summary>
        public int Length(int step) =>
            Math.Max(Channels * Plane, Offset(Channels - 1, KernelH - 1, KernelW - 1) + RoundUp(Positions, step));

        /// <summary>Where tap (c, a, b) starts reading: c·plane + a·Wp + b; <paramref name="count"/> ≥ Taps, the
        /// extra taps read from 0.</summary>
        public int[] Offsets(int count)
        {
            var offsets = new int[count];
            var k = 0;
            for (var c = 0; c < Channels; c++)
            {
                for (var a = 0; a < KernelH; a++)
                {
                    for (var b = 0; b < KernelW; b++)
                    {
                        offsets[k++] = Offset(c, a, b);
                    }
                }
            }

            return offsets;
        }

        /// <summary>Copies the image at <paramref name="start"/> of an NCHW source inside the zero border.</summary>
        public void Fill<T>(T[] source, int start, Span<T> target)
        {
            for (var c = 0; c < Channels; c++)
            {
                for (var h = 0; h < Height; h++)
                {
                    source.AsSpan(start + (((c * Height) + h) * Width), Width)
                        .CopyTo(target.Slice((c * Plane) + ((h + PadH) * Wp) + PadW));
                }
            }
        }

        private int Offset(int c, int a, int b) => (c * Plane) + (a * Wp) + b;
    }
}
