using System.Numerics;
using Lessons.Backends;

namespace Lessons.Backends.Cpu;

/// <summary>
/// Max and average pooling of every plane of an NCHW batch, and their gradients (d2l §6.5): a window slides over
/// the plane as a convolution's does, but takes the maximum or the mean instead of a weighted sum. Planes are
/// independent, so large batches are spread over the cores.
/// </summary>
internal static class Pooling
{
    /// <summary>Below this many input elements the planes run on one core.</summary>
    private const int ParallelElements = 1 << 16;

    /// <summary>
    /// y = the largest element of each window, padding read as −∞; indices = where it is inside the plane
    /// (h·W + w). The first maximum in row-major order wins a tie, and a NaN wins over everything, as torch's.
    /// </summary>
    public static void MaxPool<T>(T[] x, T[] y, int[] indices, Pool2dLayout l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ForEachPlane(l, plane =>
        {
            var (input, output) = (plane * l.Height * l.Width, plane * l.OutHeight * l.OutWidth);
            for (var i = 0; i < l.OutHeight; i++)
            {
                for (var j = 0; j < l.OutWidth; j++)
                {
                    var (best, where) = (T.NegativeInfinity, -1);
                    var (h0, v0) = ((i * l.Stride) - l.Padding, (j * l.Stride) - l.Padding);
                    for (var h = Math.Max(0, h0); h < Math.Min(l.Height, h0 + l.KernelSize); h++)
                    {
                        for (var v = Math.Max(0, v0); v < Math.Min(l.Width, v0 + l.KernelSize); v++)
                        {
                            var value = x[input + (h * l.Width) + v];
                            if (value > best || T.IsNaN(value) || where < 0)
                            {
                                (best, where) = (value, (h * l.Width) + v);
                                if (T.IsNaN(value))
                                {
                                    goto found;
                                }
                            }
                        }
                    }

                found:
                    y[output + (i * l.OutWidth) + j] = best;
                    indices[output + (i * l.OutWidth) + j] = where;
                }
            }
        });
    }

    /// <summary>gx = 0, then each window's upstream gradient is added to the element that won it.</summary>
    public static void MaxPoolBackward<T>(T[] gy, int[] indices, T[] gx, Pool2dLayout l)
        where T : unmanaged, INumberBase<T>
    {
        ForEachPlane(l, plane =>
        {
            var (input, output) = (plane * l.Height * l.Width, plane * l.OutHeight * l.OutWidth);
            gx.AsSpan(input, l.Height * l.Width).Clear();
            for (var k = 0; k < l.OutHeight * l.OutWidth; k++)
            {
                gx[input + indices[output + k]] += gy[output + k];
            }
        });
    }

    /// <summary>y = the sum of each window divided by k², padding counted as zeros (count_include_pad).</summary>
    public static void AvgPool<T>(T[] x, T[] y, Pool2dLayout l) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var area = T.CreateTruncating(l.KernelSize * l.KernelSize);
        if (IsTiled(l))
        {
            AvgPoolTiled(x, y, l, area);
            return;
        }

        ForEachPlane(l, plane =>
        {
            var (input, output) = (plane * l.Height * l.Width, plane * l.OutHeight * l.OutWidth);
            for (var i = 0; i < l.OutHeight; i++)
            {
                for (var j = 0; j < l.OutWidth; j++)
                {
                    var sum = T.Zero;
                    var (h0, v0) = ((i * l.Stride) - l.Padding, (j * l.Stride) - l.Padding);
                    for (var h = Math.Max(0, h0); h < Math.Min(l.Height, h0 + l.KernelSize); h++)
                    {
                        for (var v = Math.Max(0, v0); v < Math.Min(l.Width, v0 + l.KernelSize); v++)
                        {
                            sum += x[input + (h * l.Width) + v];
                        }
                    }

                    y[output + (i * l.OutWidth) + j] = sum / area;
                }
            }
        });
    }

    /// <summary>gx = 0, then every element of each window receives the window's upstream gradient / k².</summary>
    public static void AvgPoolBackward<T>(T[] gy, T[] gx, Pool2dLayout l) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var area = T.CreateTruncating(l.KernelSize * l.KernelSize);
        if (IsTiled(l))
        {
            AvgPoolBackwardTiled(gy, gx, l, area);
            return;
        }

        ForEachPlane(l, plane =>
        {
            var (input, output) = (plane * l.Height * l.Width, plane * l.OutHeight * l.OutWidth);
            gx.AsSpan(input, l.Height * l.Width).Clear();
            for (var i = 0; i < l.OutHeight; i++)
            {
                for (var j = 0; j < l.OutWidth; j++)
                {
                    var share = gy[output + (i * l.OutWidth) + j] / area;
                    var (h0, v0) = ((i * l.Stride) - l.Padding, (j * l.Stride) - l.Padding);
                    for (var h = Math.Max(0, h0); h < Math.Min(l.Height, h0 + l.KernelSize); h++)
                    {
                        for (var v = Math.Max(0, v0); v < Math.Min(l.Width, v0 + l.KernelSize); v++)
                        {
                            gx[input + (h * l.Width) + v] += share;
                        }
                    }
                }
            }
        });
    }

    /// <summary>
    /// Windows side by side without padding (stride = kernel size, LeNet's and the notes' pooling): every window lies
    /// inside the plane and every input row belongs to at most one window row, so the loops need no bounds checks.
    /// </summary>
    private static bool IsTiled(Pool2dLayout l) => l.Padding == 0 && l.Stride == l.KernelSize;

    /// <summary>
    /// The tiled average: each window summed row by row, in the order of the general loop above, then divided by
    /// k². The 2 × 2 window (LeNet's) is written out: the loops over a and b cost more than the four additions,
    /// and the first version, which summed into the output row and divided it afterwards, took 2.6 ms of CPU on
    /// LeNet's first pooling (256 × 6 planes of 28 × 28) — as much as the convolution before it.
    /// </summary>
    private static void AvgPoolTiled<T>(T[] x, T[] y, Pool2dLayout l, T area) where T : unmanaged, INumberBase<T>
    {
        var (k, oh, ow, width) = (l.KernelSize, l.OutHeight, l.OutWidth, l.Width);
        ForEachPlane(l, plane =>
        {
            var input = x.AsSpan(plane * l.Height * width, l.Height * width);
            var output = y.AsSpan(plane * oh * ow, oh * ow);
            for (var i = 0; i < oh; i++)
            {
                var top = input[(i * k * width)..];
                var row = output.Slice(i * ow, ow);
                if (k == 2)
                {
                    var upper = top[..(2 * ow)];
                    var lower = top.Slice(width, 2 * ow);
                    for (var j = 0; j < row.Length; j++)
                    {
                        var sum = T.Zero + upper[2 * j] + upper[(2 * j) + 1] + lower[2 * j] + lower[(2 * j) + 1];
                        row[j] = sum / area;
                    }

                    continue;
                }

                for (var j = 0; j < row.Length; j++)
                {
                    var sum = T.Zero;
                    for (var a = 0; a < k; a++)
                    {
                        var window = top.Slice((a * width) + (j * k), k);
                        for (var b = 0; b < k; b++)
                        {
                            sum += window[b];
                        }
                    }

                    row[j] = sum / area;
                }
            }
        });
    }

    /// <summary>The tiled average's gradient: every element of a window receives gy / k² (computed once per
    /// window); the rows and columns past the last whole window receive nothing.</summary>
    private static void AvgPoolBackwardTiled<T>(T[] gy, T[] gx, Pool2dLayout l, T area)
        where T : unmanaged, INumberBase<T>
    {
        var (k, oh, ow, width) = (l.KernelSize, l.OutHeight, l.OutWidth, l.Width);
        ForEachPlane(l, plane =>
        {
            var output = gx.AsSpan(plane * l.Height * width, l.Height * width);
            var upstream = gy.AsSpan(plane * oh * ow, oh * ow);
            for (var i = 0; i < oh; i++)
            {
                var top = output[(i * k * width)..];
                var row = upstream.Slice(i * ow, ow);
                if (k == 2)
                {
                    var upper = top[..(2 * ow)];
                    var lower = top.Slice(width, 2 * ow);
                    for (var j = 0; j < row.Length; j++)
                    {
                        var share = row[j] / area;
                        upper[2 * j] = share;
                        upper[(2 * j) + 1] = share;
                        lower[2 * j] = share;
                        lower[(2 * j) + 1] = share;
                    }
                }
                else
                {
                    for (var j = 0; j < row.Length; j++)
                    {
                        var share = row[j] / area;
                        for (var a = 0; a < k; a++)
                        {
                            top.Slice((a * width) + (j * k), k).Fill(share);
                        }
                    }
                }

                for (var a = 0; a < k; a++)
                {
                    top.Slice((a * width) + (ow * k), width - (ow * k)).Clear(); // columns past the last window
                }
            }

            output[(oh * k * width)..].Clear(); // rows past the last window
        });
    }

    private static void ForEachPlane(Pool2dLayout l, Action<int> body)
    {
        if (l.InputLength < ParallelElements)
        {
            for (var plane = 0; plane < l.Planes; plane++)
            {
                body(plane);
            }

            return;
        }

        // Chunks of planes, a few per core, so a task is not a single 28×28 plane.
        var chunk = Math.Max(1, l.Planes / (4 * Environment.ProcessorCount));
        Parallel.For(0, (l.Planes + chunk - 1) / chunk, c =>
        {
            for (var plane = c * chunk; plane < Math.Min(l.Planes, (c + 1) * chunk); plane++)
            {
                body(plane);
            }
        });
    }
}
