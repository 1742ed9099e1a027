using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using Lessons.Backends;

namespace Lessons.Backends.Cpu;

/// <summary>
/// 2-D convolution (torch's conv2d, a cross-correlation) and its two gradients, in two versions:
/// <list type="bullet">
/// <item>the definition, written as d2l's <c>corr2d</c> writes it — one output element is the sum of a window of the
/// input times the kernel (<see cref="Direct{T}"/>, <see cref="DirectInputGrad{T}"/>,
/// <see cref="DirectWeightGrad{T}"/>): the reference the tests hold the fast version to;</item>
/// <item>the fast versions the backend runs: for stride 1, <see cref="ShiftedConvolution"/>, which reads the padded
/// image in place; for every other stride, im2col + GEMM as Caffe does it: for each image, copy every window into
/// one column of a (C·kh·kw) × (OH·OW) matrix, then one matrix product with the (O) × (C·kh·kw) weight does all
/// the windows of all the kernels at once, in the blocked <see cref="Gemm"/>. Images are spread over the cores.</item>
/// </list>
/// </summary>
internal static class Convolution
{
    /// <summary>Below this many multiply-adds the images run on one core: a task costs more than it saves.</summary>
    private const double ParallelMacs = 1e6;

    /// <summary>Columns (image positions) per GEMM, see <see cref="ChunkImages"/>.</summary>
    private const int ChunkColumns = 2048;

    /// <summary>y[n, o, i, j] = bias[o] + Σ_c Σ_a Σ_b w[o, c, a, b] · x[n, c, i·s + a − p, j·s + b − p].</summary>
    public static void Direct<T>(T[] x, T[] w, T[]? bias, T[] y, Conv2dLayout l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (oh, ow) = (l.OutHeight, l.OutWidth);
        for (var n = 0; n < l.Batch; n++)
        {
            for (var o = 0; o < l.OutChannels; o++)
            {
                for (var i = 0; i < oh; i++)
                {
                    for (var j = 0; j < ow; j++)
                    {
                        var sum = bias is null ? T.Zero : bias[o];
                        for (var c = 0; c < l.InChannels; c++)
                        {
                            for (var a = 0; a < l.KernelHeight; a++)
                            {
                                for (var b = 0; b < l.KernelWidth; b++)
                                {
                                    if (InputAt(l, i, j, a, b) is var (h, v) && Inside(l, h, v))
                                    {
                                        sum += w[WeightIndex(l, o, c, a, b)] * x[InputIndex(l, n, c, h, v)];
                                    }
                                }
                            }
                        }

                        y[(((n * l.OutChannels) + o) * oh + i) * ow + j] = sum;
                    }
                }
            }
        }
    }

    /// <summary>gx[n, c, h, v] = Σ over the windows that read it of gy[n, o, i, j] · w[o, c, a, b].</summary>
    public static void DirectInputGrad<T>(T[] gy, T[] w, T[] gx, Conv2dLayout l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        gx.AsSpan(0, l.InputLength).Clear();
        ForEachTap(l, (n, o, c, i, j, a, b, h, v) =>
            gx[InputIndex(l, n, c, h, v)] += gy[OutputIndex(l, n, o, i, j)] * w[WeightIndex(l, o, c, a, b)]);
    }

    /// <summary>gw[o, c, a, b] = Σ_n Σ_i Σ_j gy[n, o, i, j] · x[n, c, i·s + a − p, j·s + b − p].</summary>
    public static void DirectWeightGrad<T>(T[] x, T[] gy, T[] gw, Conv2dLayout l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        gw.AsSpan(0, l.WeightLength).Clear();
        ForEachTap(l, (n, o, c, i, j, a, b, h, v) =>
            gw[WeightIndex(l, o, c, a, b)] += gy[OutputIndex(l, n, o, i, j)] * x[InputIndex(l, n, c, h, v)]);
    }

    /// <summary>The forward pass: the shifted kernels for stride 1, else im2col + GEMM.</summary>
    public static void Forward<T>(T[] x, T[] w, T[]? bias, T[] y, Conv2dLayout l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (ShiftedConvolution.Applies(l))
        {
            ShiftedConvolution.Forward(x, w, bias, y, l);
        }
        else
        {
            Im2ColForward(x, w, bias, y, l);
        }
    }

    /// <summary>
    /// The forward pass by im2col + GEMM, a few images at a time: their columns side by side make one
    /// (C·kh·kw) × (images·OH·OW) matrix, and Y (O × images·OH·OW) = W (O × C·kh·kw) · cols in one product.
    /// </summary>
    internal static void Im2ColForward<T>(T[] x, T[] w, T[]? bias, T[] y, Conv2dLayout l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var positions = l.OutHeight * l.OutWidth;
        ForEachChunk(l, () => new Workspace<T>(l), (first, count, work) =>
        {
            var width = count * positions;
            Im2Col(x, first, count, l, work.Columns);
            Gemm.Multiply(w, work.Columns, work.Product,
                new MatMulShape(l.OutChannels, width, l.PatchLength, TransA: false, TransB: false));
            for (var n = 0; n < count; n++)
            {
                for (var o = 0; o < l.OutChannels; o++)
                {
                    var source = work.Product.AsSpan((o * width) + (n * positions), positions);
                    var target = y.AsSpan((((first + n) * l.OutChannels) + o) * positions, positions);
                    if (bias is null)
                    {
                        source.CopyTo(target);
                    }
                    else
                    {
                        TensorPrimitives.Add(source, bias[o], target);
                    }
                }
            }
        }, _ => { });
    }

    /// <summary>
    /// The input gradient: the shifted kernels for stride 1 (and padding ≤ k − 1) with finite weights, else im2col.
    /// The shifted kernels also multiply the weights by gY's zero padding; a weight of ±∞ or NaN would turn those
    /// zeros into NaN where torch (and the definition) never multiply at all.
    /// </summary>
    public static void InputGrad<T>(T[] gy, T[] w, T[] gx, Conv2dLayout l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (ShiftedConvolution.AppliesToInputGrad(l) && AllFinite(w.AsSpan(0, l.WeightLength)))
        {
            ShiftedConvolution.InputGrad(gy, w, gx, l);
        }
        else
        {
            Im2ColInputGrad(gy, w, gx, l);
        }
    }

    /// <summary>True when no element is ±∞ or NaN (the largest magnitude is NaN or ∞ otherwise): one fast pass.
    /// </summary>
    private static bool AllFinite<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T> =>
        values.IsEmpty || T.IsFinite(TensorPrimitives.MaxMagnitude(values));

    /// <summary>The input gradient by im2col: cols(gX) = Wᵀ · gY for a few images at a time, then every column is
    /// added back where its window came from (col2im).</summary>
    internal static void Im2ColInputGrad<T>(T[] gy, T[] w, T[] gx, Conv2dLayout l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ForEachChunk(l, () => new Workspace<T>(l), (first, count, work) =>
        {
            var width = count * l.OutHeight * l.OutWidth;
            GatherOutput(gy, first, count, l, work.Product);
            Gemm.Multiply(w, work.Product, work.Columns,
                new MatMulShape(l.PatchLength, width, l.OutChannels, TransA: true, TransB: false));
            Col2Im(work.Columns, first, count, l, gx);
        }, _ => { });
    }

    /// <summary>
    /// The weight gradient: the shifted kernels for stride 1 with a finite input, else im2col + GEMM. The shifted
    /// kernels also multiply the zero gY of the thrown-away grid columns by real inputs; an input of ±∞ or NaN would
    /// turn those zeros into NaN where torch (and the definition) never multiply at all.
    /// </summary>
    public static void WeightGrad<T>(T[] x, T[] gy, T[] gw, Conv2dLayout l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (ShiftedConvolution.Applies(l) && AllFinite(x.AsSpan(0, l.InputLength)))
        {
            ShiftedConvolution.WeightGrad(x, gy, gw, l);
        }
        else
        {
            Im2ColWeightGrad(x, gy, gw, l);
        }
    }

    /// <summary>The weight gradient by im2col: gW = Σ gY · cols(X)ᵀ over chunks of images, each core summing its
    /// own chunks first.</summary>
    internal static void Im2ColWeightGrad<T>(T[] x, T[] gy, T[] gw, Conv2dLayout l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        gw.AsSpan(0, l.WeightLength).Clear();
        var gate = new Lock();
        ForEachChunk(l, () => new Workspace<T>(l, accumulate: true), (first, count, work) =>
        {
            var width = count * l.OutHeight * l.OutWidth;
            Im2Col(x, first, count, l, work.Columns);
            GatherOutput(gy, first, count, l, work.Product);
            Gemm.Multiply(work.Product, work.Columns, work.Partial,
                new MatMulShape(l.OutChannels, l.PatchLength, width, TransA: false, TransB: true));
            TensorPrimitives.Add(work.Sum, work.Partial.AsSpan(0, l.WeightLength), work.Sum);
        }, work =>
        {
            lock (gate)
            {
                TensorPrimitives.Add(gw.AsSpan(0, l.WeightLength), work.Sum, gw.AsSpan(0, l.WeightLength));
            }
        });
    }

    /// <summary>Images first.. first+count−1 of an NCHW output gradient as one O × (count·OH·OW) matrix.</summary>
    private static void GatherOutput<T>(T[] gy, int first, int count, Conv2dLayout l, T[] product)
    {
        var positions = l.OutHeight * l.OutWidth;
        for (var n = 0; n < count; n++)
        {
            for (var o = 0; o < l.OutChannels; o++)
            {
                gy.AsSpan((((first + n) * l.OutChannels) + o) * positions, positions)
                    .CopyTo(product.AsSpan((o * count * positions) + (n * positions)));
            }
        }
    }

    /// <summary>
    /// Copies every window of images first.. first+count−1 into a column: row (c, a, b), column (n, i, j) of the
    /// result holds x[first + n, c, i·s + a − p, j·s + b − p], zero where the window hangs over the padding.
    /// </summary>
    internal static void Im2Col<T>(T[] x, int first, int count, Conv2dLayout l, T[] columns)
        where T : unmanaged, INumberBase<T>
    {
        var (oh, ow, s, p) = (l.OutHeight, l.OutWidth, l.Stride, l.Padding);
        var width = count * oh * ow;
        for (var n = 0; n < count; n++)
        {
            var row = 0;
            for (var c = 0; c < l.InChannels; c++)
            {
                var plane = x.AsSpan((((first + n) * l.InChannels) + c) * l.Height * l.Width, l.Height * l.Width);
                for (var a = 0; a < l.KernelHeight; a++)
                {
                    for (var b = 0; b < l.KernelWidth; b++, row++)
                    {
                        var column = columns.AsSpan((row * width) + (n * oh * ow), oh * ow);
                        var (jFirst, jEnd) = ValidRange(b, p, s, l.Width, ow);
                        for (var i = 0; i < oh; i++)
                        {
                            var h = (i * s) + a - p;
                            var outRow = column.Slice(i * ow, ow);
                            if (h < 0 || h >= l.Height || jFirst >= jEnd)
                            {
                                outRow.Clear();
                                continue;
                            }

                            outRow[..jFirst].Clear();
                            outRow[jEnd..].Clear();
                            var inRow = plane.Slice(h * l.Width, l.Width);
                            if (s == 1)
                            {
                                // stride 1: the valid part of the window row is one contiguous run of the input row
                                inRow.Slice(jFirst + b - p, jEnd - jFirst).CopyTo(outRow[jFirst..jEnd]);
                            }
                            else
                            {
                                for (var j = jFirst; j < jEnd; j++)
                                {
                                    outRow[j] = inRow[(j * s) + b - p];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The reverse of <see cref="Im2Col{T}"/>: adds every column entry back into gx where it was read from (a pixel
    /// read by several windows receives the sum); gx of those images is written, not accumulated.
    /// </summary>
    internal static void Col2Im<T>(T[] columns, int first, int count, Conv2dLayout l, T[] gx)
        where T : unmanaged, INumberBase<T>
    {
        var (oh, ow, s, p) = (l.OutHeight, l.OutWidth, l.Stride, l.Padding);
        var width = count * oh * ow;
        var imageLength = l.InChannels * l.Height * l.Width;
        gx.AsSpan(first * imageLength, count * imageLength).Clear();
        for (var n = 0; n < count; n++)
        {
            var row = 0;
            for (var c = 0; c < l.InChannels; c++)
            {
                var plane = gx.AsSpan(((first + n) * imageLength) + (c * l.Height * l.Width), l.Height * l.Width);
                for (var a = 0; a < l.KernelHeight; a++)
                {
                    for (var b = 0; b < l.KernelWidth; b++, row++)
                    {
                        var column = columns.AsSpan((row * width) + (n * oh * ow), oh * ow);
                        var (jFirst, jEnd) = ValidRange(b, p, s, l.Width, ow);
                        for (var i = 0; i < oh; i++)
                        {
                            var h = (i * s) + a - p;
                            if (h < 0 || h >= l.Height || jFirst >= jEnd)
                            {
                                continue;
                            }

                            var inRow = plane.Slice(h * l.Width, l.Width);
                            var outRow = column.Slice(i * ow, ow);
                            if (s == 1)
                            {
                                var target = inRow.Slice(jFirst + b - p, jEnd - jFirst);
                                TensorPrimitives.Add(target, outRow[jFirst..jEnd], target);
                            }
                            else
                            {
                                for (var j = jFirst; j < jEnd; j++)
                                {
                                    inRow[(j * s) + b - p] += outRow[j];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The output columns j whose tap b lands inside the input row: 0 ≤ j·s + b − p &lt; W.</summary>
    private static (int First, int End) ValidRange(int b, int p, int s, int width, int ow)
    {
        var first = Math.Max(0, (p - b + s - 1) / s);
        // floor division: a window tap past the right edge of a narrow input gives a negative numerator
        var end = Math.Min(ow, (int)Math.Floor((width - 1 + p - b) / (double)s) + 1);
        return (first, Math.Max(first, end));
    }

    /// <summary>
    /// Runs <paramref name="body"/> (first image, image count, workspace) over chunks of
    /// <see cref="ChunkImages"/> images, the chunks spread over the cores when the work is large enough, with one
    /// workspace per task; <paramref name="finish"/> sees each workspace once at the end.
    /// </summary>
    private static void ForEachChunk<T>(Conv2dLayout l, Func<Workspace<T>> create, Action<int, int, Workspace<T>> body,
        Action<Workspace<T>> finish)
        where T : unmanaged
    {
        var size = ChunkImages(l);
        var chunks = (l.Batch + size - 1) / size;
        var macs = (double)l.Batch * l.OutChannels * l.OutHeight * l.OutWidth * l.PatchLength;
        if (chunks == 1 || macs < ParallelMacs)
        {
            using var work = create();
            for (var chunk = 0; chunk < chunks; chunk++)
            {
                body(chunk * size, Math.Min(size, l.Batch - (chunk * size)), work);
            }

            finish(work);
            return;
        }

        Parallel.For(0, chunks, create, (chunk, _, work) =>
        {
            body(chunk * size, Math.Min(size, l.Batch - (chunk * size)), work);
            return work;
        }, work =>
        {
            finish(work);
            work.Dispose();
        });
    }

    /// <summary>
    /// Images per chunk: enough that a product has about <see cref="ChunkColumns"/> columns (one LeNet image has
    /// 784 positions in its first layer and 100 in its second), so the GEMM's fixed costs are shared out, and few
    /// enough that the columns stay in the L2 cache.
    /// </summary>
    private static int ChunkImages(Conv2dLayout l) =>
        Math.Clamp(ChunkColumns / Math.Max(1, l.OutHeight * l.OutWidth), 1, Math.Max(1, l.Batch));

    private static (int H, int V) InputAt(Conv2dLayout l, int i, int j, int a, int b) =>
        ((i * l.Stride) + a - l.Padding, (j * l.Stride) + b - l.Padding);

    private static bool Inside(Conv2dLayout l, int h, int v) => h >= 0 && h < l.Height && v >= 0 && v < l.Width;

    private static int InputIndex(Conv2dLayout l, int n, int c, int h, int v) =>
        ((((n * l.InChannels) + c) * l.Height) + h) * l.Width + v;

    private static int WeightIndex(Conv2dLayout l, int o, int c, int a, int b) =>
        ((((o * l.InChannels) + c) * l.KernelHeight) + a) * l.KernelWidth + b;

    private static int OutputIndex(Conv2dLayout l, int n, int o, int i, int j) =>
        ((((n * l.OutChannels) + o) * l.OutHeight) + i) * l.OutWidth + j;

    /// <summary>Visits every (output element, kernel tap) pair whose input position is inside the image.</summary>
    private static void ForEachTap(Conv2dLayout l, TapAction visit)
    {
        for (var n = 0; n < l.Batch; n++)
        {
            for (var o = 0; o < l.OutChannels; o++)
            {
                for (var i = 0; i < l.OutHeight; i++)
                {
                    for (var j = 0; j < l.OutWidth; j++)
                    {
                        for (var c = 0; c < l.InChannels; c++)
                        {
                            for (var a = 0; a < l.KernelHeight; a++)
                            {
                                for (var b = 0; b < l.KernelWidth; b++)
                                {
                                    var (h, v) = InputAt(l, i, j, a, b);
                                    if (Inside(l, h, v))
                                    {
                                        visit(n, o, c, i, j, a, b, h, v);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private delegate void TapAction(int n, int o, int c, int i, int j, int a, int b, int h, int v);

    /// <summary>One task's scratch arrays, rented from the shared pool and given back when the task ends.</summary>
    private sealed class Workspace<T> : IDisposable where T : unmanaged
    {
        public Workspace(Conv2dLayout l, bool accumulate = false)
        {
            var positions = ChunkImages(l) * l.OutHeight * l.OutWidth;
            Columns = ArrayPool<T>.Shared.Rent(l.PatchLength * positions);
            Product = ArrayPool<T>.Shared.Rent(l.OutChannels * positions);
            Partial = accumulate ? ArrayPool<T>.Shared.Rent(l.WeightLength) : [];
            Sum = accumulate ? new T[l.WeightLength] : [];
        }

        /// <summary>cols of a chunk, (C·kh·kw) × (images·OH·OW).</summary>
        public T[] Columns { get; }

        /// <summary>An O × (images·OH·OW) matrix: the product, or the chunk's gY.</summary>
        public T[] Product { get; }

        /// <summary>One chunk's weight gradient.</summary>
        public T[] Partial { get; }

        /// <summary>The task's running sum of weight gradients.</summary>
        public T[] Sum { get; }

        public void Dispose()
        {
            ArrayPool<T>.Shared.Return(Columns);
            ArrayPool<T>.Shared.Return(Product);
            if (Partial.Length > 0)
            {
                ArrayPool<T>.Shared.Return(Partial);
            }
        }
    }
}
