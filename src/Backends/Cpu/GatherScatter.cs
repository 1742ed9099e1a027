using System.Numerics;
using Lessons.Backends;

namespace Lessons.Backends.Cpu;

/// <summary>torch.gather and its adjoint scatter_add along one axis, with every index checked.</summary>
internal static class GatherScatter
{
    public static void Gather<T>(T[] x, int[] index, T[] y, GatherLayout l) where T : unmanaged
    {
        CheckAll(index, l, "Gather");
        for (var o = 0; o < l.Outer; o++)
        {
            for (var j = 0; j < l.IndexLength; j++)
            {
                for (var i = 0; i < l.Inner; i++)
                {
                    var at = (((o * l.IndexLength) + j) * l.Inner) + i;
                    var k = index[at];
                    y[at] = x[(((o * l.Axis) + k) * l.Inner) + i];
                }
            }
        }
    }

    /// <summary>y[o, j, :] = x[o, index[j], :]: one contiguous row copy per (o, j).</summary>
    public static void IndexSelect<T>(T[] x, int[] index, T[] y, GatherLayout l) where T : unmanaged
    {
        foreach (var k in index.AsSpan(0, l.IndexLength))
        {
            if (k < 0 || k >= l.Axis)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(index),
                    $"IndexSelect: index {k} is out of range for an axis of length {l.Axis} " +
                    $"(expected 0..{l.Axis - 1}).");
            }
        }

        for (var o = 0; o < l.Outer; o++)
        {
            for (var j = 0; j < l.IndexLength; j++)
            {
                x.AsSpan(((o * l.Axis) + index[j]) * l.Inner, l.Inner)
                    .CopyTo(y.AsSpan(((o * l.IndexLength) + j) * l.Inner, l.Inner));
            }
        }
    }

    public static void ScatterAdd<T>(T[] source, int[] index, T[] y, GatherLayout l) where T : unmanaged, INumber<T>
    {
        CheckAll(index, l, "ScatterAdd");
        for (var o = 0; o < l.Outer; o++)
        {
            for (var j = 0; j < l.IndexLength; j++)
            {
                for (var i = 0; i < l.Inner; i++)
                {
                    var at = (((o * l.IndexLength) + j) * l.Inner) + i;
                    var k = index[at];
                    y[(((o * l.Axis) + k) * l.Inner) + i] += source[at];
                }
            }
        }
    }

    /// <summary>Checks every index before anything is written, so a bad index leaves the output untouched.</summary>
    private static void CheckAll(int[] index, GatherLayout l, string operation)
    {
        foreach (var k in index.AsSpan(0, l.Outer * l.IndexLength * l.Inner))
        {
            if (k < 0 || k >= l.Axis)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(index),
                    $"{operation}: index {k} is out of range for an axis of length {l.Axis} " +
                    $"(expected 0..{l.Axis - 1}).");
            }
        }
    }
}
