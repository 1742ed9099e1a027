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

    /// <summary>y = the sum of each window divided by k², padding counted as zeros (torch's count_include_pad).</summary>
    public static void AvgPool<T>(T[] x, T[] y, Pool2dLayout l) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var area = T.CreateTruncating(l.KernelSize * l.KernelSize);
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
