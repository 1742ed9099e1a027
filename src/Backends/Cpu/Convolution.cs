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
/// <item>the fast version the backend runs, im2col + GEMM as Caffe does it: for each image, copy every window into
/// one column of a (C·kh·kw) × (OH·OW) matrix, then one matrix product with the (O) × (C·kh·kw) weight does all
/// the windows of all the kernels at once, in the blocked <see cref="Gemm"/>. Images are spread over the cores.</item>
/// </list>
/// </summary>
internal static class Convolution
{
    /// <summary>Below this many multiply-adds the images run on one core: a task costs more than it saves.</summary>
    private const double ParallelMacs = 1e6;

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

    /// <summary>The forward pass by im2col + GEMM: Y_n (O × OH·OW) = W (O × C·kh·kw) · cols(X_n).</summary>
    public static void Forward<T>(T[] x, T[] w, T[]? bias, T[] y, Conv2dLayout l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var positions = l.OutHeight * l.OutWidth;
        var product = new MatMulShape(l.OutChannels, positions, l.PatchLength, TransA: false, TransB: false);
        ForEachImage(l, () => new Workspace<T>(l), (n, work) =>
        {
            Im2Col(x, n, l, work.Columns);
            Gemm.Multiply(w, work.Columns, work.Product, product);
            for (var o = 0; o < l.OutChannels; o++)
            {
                var source = work.Product.AsSpan(o * positions, positions);
                var target = y.AsSpan(((n * l.OutChannels) + o) * positions, positions);
                if (bias is null)
                {
                    source.CopyTo(target);
                }
                else
                {
                    TensorPrimitives.Add(source, bias[o], target);
                }
            }
        }, _ => { });
    }

    /// <summary>The input gradient: cols(gX_n) = Wᵀ · gY_n, then every column is added back where its window
    /// came from (col2im).</summary>
    public static void InputGrad<T>(T[] gy, T[] w, T[] gx, Conv2dLayout l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var positions = l.OutHeight * l.OutWidth;
        var product = new MatMulShape(l.PatchLength, positions, l.OutChannels, TransA: true, TransB: false);
        ForEachImage(l, () => new Workspace<T>(l), (n, work) =>
        {
            gy.AsSpan(n * l.OutChannels * positions, l.OutChannels * positions).CopyTo(work.Product);
            Gemm.Multiply(w, work.Product, work.Columns, product);
            Col2Im(work.Columns, n, l, gx);
        }, _ => { });
    }

    /// <summary>The weight gradient: gW = Σ_n gY_n · cols(X_n)ᵀ, each core summing its own images first.</summary>
    public static void WeightGrad<T>(T[] x, T[] gy, T[] gw, Conv2dLayout l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var positions = l.OutHeight * l.OutWidth;
        var product = new MatMulShape(l.OutChannels, l.PatchLength, positions, TransA: false, TransB: true);
        gw.AsSpan(0, l.WeightLength).Clear();
        var gate = new Lock();
        ForEachImage(l, () => new Workspace<T>(l, accumulate: true), (n, work) =>
        {
            Im2Col(x, n, l, work.Columns);
            gy.AsSpan(n * l.OutChannels * positions, l.OutChannels * positions).CopyTo(work.Product);
            Gemm.Multiply(work.Product, work.Columns, work.Partial, product);
            TensorPrimitives.Add(work.Sum, work.Partial.AsSpan(0, l.WeightLength), work.Sum);
        }, work =>
        {
            lock (gate)
            {
                TensorPrimitives.Add(gw.AsSpan(0, l.WeightLength), work.Sum, gw.AsSpan(0, l.WeightLength));
            }
        });
    }

    /// <summary>
    /// Copies every window of image n into a column: row (c, a, b), column (i, j) of the result holds
    /// x[n, c, i·s + a − p, j·s + b − p], zero where the window hangs over the padding.
    /// </summary>
    internal static void Im2Col<T>(T[] x, int n, Conv2dLayout l, T[] columns) where T : unmanaged, INumberBase<T>
    {
        var (oh, ow, s, p) = (l.OutHeight, l.OutWidth, l.Stride, l.Padding);
        var row = 0;
        for (var c = 0; c < l.InChannels; c++)
        {
            var plane = x.AsSpan(((n * l.InChannels) + c) * l.Height * l.Width, l.Height * l.Width);
            for (var a = 0; a < l.KernelHeight; a++)
            {
                for (var b = 0; b < l.KernelWidth; b++, row++)
                {
                    var column = columns.AsSpan(row * oh * ow, oh * ow);
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

    /// <summary>The reverse of <see cref="Im2Col{T}"/>: adds every column entry back into gx[n] where it was
    /// read from (a pixel read by several windows receives the sum).</summary>
    internal static void Col2Im<T>(T[] columns, int n, Conv2dLayout l, T[] gx) where T : unmanaged, INumberBase<T>
    {
        var (oh, ow, s, p) = (l.OutHeight, l.OutWidth, l.Stride, l.Padding);
        var image = gx.AsSpan(n * l.InChannels * l.Height * l.Width, l.InChannels * l.Height * l.Width);
        image.Clear();
        var row = 0;
        for (var c = 0; c < l.InChannels; c++)
        {
            var plane = image.Slice(c * l.Height * l.Width, l.Height * l.Width);
            for (var a = 0; a < l.KernelHeight; a++)
            {
                for (var b = 0; b < l.KernelWidth; b++, row++)
                {
                    var column = columns.AsSpan(row * oh * ow, oh * ow);
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

    /// <summary>The output columns j whose tap b lands inside the input row: 0 ≤ j·s + b − p &lt; W.</summary>
    private static (int First, int End) ValidRange(int b, int p, int s, int width, int ow)
    {
        var first = Math.Max(0, (p - b + s - 1) / s);
        // floor division: a window tap past the right edge of a narrow input gives a negative numerator
        var end = Math.Min(ow, (int)Math.Floor((width - 1 + p - b) / (double)s) + 1);
        return (first, Math.Max(first, end));
    }

    /// <summary>Runs <paramref name="body"/> for every image, spread over the cores when the work is large enough,
    /// with one workspace per task.</summary>
    private static void ForEachImage<T>(Conv2dLayout l, Func<Workspace<T>> create, Action<int, Workspace<T>> body,
        Action<Workspace<T>> finish)
        where T : unmanaged
    {
        var macs = (double)l.Batch * l.OutChannels * l.OutHeight * l.OutWidth * l.PatchLength;
        if (l.Batch == 1 || macs < ParallelMacs)
        {
            using var work = create();
            for (var n = 0; n < l.Batch; n++)
            {
                body(n, work);
            }

            finish(work);
            return;
        }

        Parallel.For(0, l.Batch, create, (n, _, work) =>
        {
            body(n, work);
            return work;
        }, work =>
        {
            finish(work);
            work.Dispose();
        });
    }

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
            var positions = l.OutHeight * l.OutWidth;
            Columns = ArrayPool<T>.Shared.Rent(l.PatchLength * positions);
            Product = ArrayPool<T>.Shared.Rent(l.OutChannels * positions);
            Partial = accumulate ? ArrayPool<T>.Shared.Rent(l.WeightLength) : [];
            Sum = accumulate ? new T[l.WeightLength] : [];
        }

        /// <summary>cols(X_n), (C·kh·kw) × (OH·OW).</summary>
        public T[] Columns { get; }

        /// <summary>An (O) × (OH·OW) matrix: the product, or gY_n.</summary>
        public T[] Product { get; }

        /// <summary>One image's weight gradient.</summary>
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
