using System.Numerics;

namespace Lessons.Backends.Cpu;

/// <summary>
/// The running sum along one axis of a tensor viewed as (Outer, Axis, Inner), and the slice write behind torch.cat.
/// </summary>
internal static class Scan
{
    /// <summary>
    /// y[o, a, i] = Σ x[o, k, i] for k ≤ a. The running sums are kept in double and rounded once per output, as
    /// torch's CPU cumsum does (its accumulator for float is double), so a long float32 axis keeps its digits.
    /// </summary>
    public static void CumSum<T>(T[] x, T[] y, AxisLayout l) where T : unmanaged, INumber<T>
    {
        var sums = new double[l.Inner];
        for (var o = 0; o < l.Outer; o++)
        {
            Array.Clear(sums);
            for (var a = 0; a < l.Axis; a++)
            {
                var start = ((o * l.Axis) + a) * l.Inner;
                for (var i = 0; i < l.Inner; i++)
                {
                    sums[i] += double.CreateTruncating(x[start + i]);
                    y[start + i] = T.CreateTruncating(sums[i]);
                }
            }
        }
    }

    /// <summary>y[o, start + j, i] = x[o, j, i]: each outer block of x is one contiguous run in y.</summary>
    public static void CopyToSlice<T>(T[] x, T[] y, GatherLayout l, int start) where T : unmanaged
    {
        var run = l.IndexLength * l.Inner;
        for (var o = 0; o < l.Outer; o++)
        {
            x.AsSpan(o * run, run).CopyTo(y.AsSpan(((o * l.Axis) + start) * l.Inner, run));
        }
    }
}
