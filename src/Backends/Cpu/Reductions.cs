using System.Numerics;
using System.Numerics.Tensors;
using Lessons.Backends;

namespace Lessons.Backends.Cpu;

/// <summary>
/// Reductions along one axis of a tensor viewed as (Outer, Axis, Inner). When Inner is 1 each reduction is a
/// contiguous row and goes to <see cref="TensorPrimitives"/>; otherwise whole Inner-wide rows are combined.
/// </summary>
internal static class Reductions
{
    public static void Reduce<T>(ReduceOp op, T[] x, T[] y, AxisLayout l) where T : unmanaged, INumber<T>
    {
        for (var o = 0; o < l.Outer; o++)
        {
            var block = x.AsSpan(o * l.Axis * l.Inner, l.Axis * l.Inner);
            var output = y.AsSpan(o * l.Inner, l.Inner);
            if (l.Inner == 1)
            {
                output[0] = op switch
                {
                    ReduceOp.Sum => TensorPrimitives.Sum<T>(block),
                    ReduceOp.Max => TensorPrimitives.Max<T>(block),
                    ReduceOp.Min => TensorPrimitives.Min<T>(block),
                    ReduceOp.Prod => Product(block),
                    _ => throw new NotSupportedException($"Reduction {op} writes indices; use ArgReduce."),
                };
                continue;
            }

            switch (op)
            {
                case ReduceOp.Sum: SumRows(block, output, l); break;
                case ReduceOp.Max: CombineRows(block, output, l, TensorPrimitives.Max); break;
                case ReduceOp.Min: CombineRows(block, output, l, TensorPrimitives.Min); break;
                case ReduceOp.Prod when l.Axis == 0: output.Fill(T.One); break;
                case ReduceOp.Prod: CombineRows(block, output, l, TensorPrimitives.Multiply); break;
                default: throw new NotSupportedException($"Reduction {op} writes indices; use ArgReduce.");
            }
        }
    }

    /// <summary>ArgMax / ArgMin: the index of the first winner; a NaN wins over any number, as in torch.</summary>
    public static void ArgReduce<T>(ReduceOp op, T[] x, int[] y, AxisLayout l) where T : unmanaged, INumber<T>
    {
        var max = op == ReduceOp.ArgMax;
        if (l.Inner == 1)
        {
            // The common case, the last axis (a batch's predicted classes): one contiguous row per output.
            for (var o = 0; o < l.Outer; o++)
            {
                var row = x.AsSpan(o * l.Axis, l.Axis);
                y[o] = max ? FirstWinner<T, Greater<T>>(row) : FirstWinner<T, Less<T>>(row);
            }

            return;
        }

        for (var o = 0; o < l.Outer; o++)
        {
            for (var i = 0; i < l.Inner; i++)
            {
                var start = (o * l.Axis * l.Inner) + i;
                var best = 0;
                var bestValue = x[start];
                for (var a = 1; a < l.Axis && !T.IsNaN(bestValue); a++)
                {
                    var v = x[start + (a * l.Inner)];
                    if (T.IsNaN(v) || (max ? v > bestValue : v < bestValue))
                    {
                        best = a;
                        bestValue = v;
                    }
                }

                y[(o * l.Inner) + i] = best;
            }
        }
    }

    /// <summary>The index of the first element no other beats, a NaN beating everything (torch's argmax).</summary>
    private static int FirstWinner<T, TBeats>(ReadOnlySpan<T> row)
        where T : unmanaged, INumber<T> where TBeats : struct, IBeats<T>
    {
        var best = 0;
        var bestValue = row[0];
        for (var a = 1; a < row.Length && !T.IsNaN(bestValue); a++)
        {
            if (T.IsNaN(row[a]) || default(TBeats).Beats(row[a], bestValue))
            {
                best = a;
                bestValue = row[a];
            }
        }

        return best;
    }

    /// <summary>Whether a value beats the best so far: a struct, so the comparison is inlined in the loop.</summary>
    private interface IBeats<T>
    {
        bool Beats(T value, T best);
    }

    private readonly struct Greater<T> : IBeats<T> where T : INumber<T>
    {
        public bool Beats(T value, T best) => value > best;
    }

    private readonly struct Less<T> : IBeats<T> where T : INumber<T>
    {
        public bool Beats(T value, T best) => value < best;
    }

    /// <summary>Π of a row, left to right; the empty product is 1.</summary>
    private static T Product<T>(ReadOnlySpan<T> row) where T : unmanaged, INumber<T>
    {
        var p = T.One;
        foreach (var v in row)
        {
            p *= v;
        }

        return p;
    }

    /// <summary>Column sums accumulated in double, so a long float32 axis keeps its digits.</summary>
    private static void SumRows<T>(ReadOnlySpan<T> block, Span<T> output, AxisLayout l) where T : unmanaged, INumber<T>
    {
        var sums = new double[l.Inner];
        for (var a = 0; a < l.Axis; a++)
        {
            var row = block.Slice(a * l.Inner, l.Inner);
            for (var i = 0; i < l.Inner; i++)
            {
                sums[i] += double.CreateTruncating(row[i]);
            }
        }

        for (var i = 0; i < l.Inner; i++)
        {
            output[i] = T.CreateTruncating(sums[i]);
        }
    }

    private delegate void Combine<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> destination);

    private static void CombineRows<T>(ReadOnlySpan<T> block, Span<T> output, AxisLayout l, Combine<T> combine)
    {
        block[..l.Inner].CopyTo(output);
        for (var a = 1; a < l.Axis; a++)
        {
            combine(output, block.Slice(a * l.Inner, l.Inner), output);
        }
    }
}
