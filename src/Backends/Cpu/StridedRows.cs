using Lessons.Backends;

namespace Lessons.Backends.Cpu;

/// <summary>
/// Walks a broadcast layout row by row: the output is cut into rows along its last (coalesced) dimension,
/// and for each row every input's starting offset and step is known. Rows are where the SIMD loops run;
/// this class only does the index arithmetic between them.
/// </summary>
internal sealed class StridedRows
{
    private readonly int[] outerShape;
    private readonly int[][] outerStrides;

    public StridedRows(BroadcastLayout layout)
    {
        var (shape, strides) = Coalesce(layout);
        RowLength = shape[^1];
        InnerStrides = [.. strides.Select(s => s[^1])];
        outerShape = shape[..^1];
        outerStrides = [.. strides.Select(s => s[..^1])];
        Rows = outerShape.Aggregate(1, (p, d) => p * d);
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Elements per row.</summary>
    public int RowLength { get; }

    /// <summary>Per input, the step between consecutive elements of a row (0 for a broadcast value).</summary>
    public int[] InnerStrides { get; }

    /// <summary>Per input, the offset of the first element of <paramref name="row"/>.</summary>
    public void Offsets(int row, Span<int> offsets)
    {
        offsets.Clear();
        for (var d = outerShape.Length - 1; d >= 0; d--)
        {
            var index = row % outerShape[d];
            row /= outerShape[d];
            for (var k = 0; k < offsets.Length; k++)
            {
                offsets[k] += index * outerStrides[k][d];
            }
        }
    }

    /// <summary>
    /// Drops size-1 dimensions and merges neighbours that every input walks contiguously, so that same-shape
    /// tensors become one long row and a bias add becomes (rows × features).
    /// </summary>
    private static (int[] Shape, int[][] Strides) Coalesce(BroadcastLayout layout)
    {
        var shape = new List<int>();
        var strides = layout.Strides.Select(_ => new List<int>()).ToArray();
        for (var d = 0; d < layout.Shape.Length; d++)
        {
            if (layout.Shape[d] == 1)
            {
                continue;
            }

            var last = shape.Count - 1;
            var mergeable = last >= 0 && Enumerable.Range(0, strides.Length)
                .All(k => strides[k][last] == layout.Strides[k][d] * layout.Shape[d]);
            if (mergeable)
            {
                shape[last] *= layout.Shape[d];
                for (var k = 0; k < strides.Length; k++)
                {
                    strides[k][last] = layout.Strides[k][d];
                }
            }
            else
            {
                shape.Add(layout.Shape[d]);
                for (var k = 0; k < strides.Length; k++)
                {
                    strides[k].Add(layout.Strides[k][d]);
                }
            }
        }

        if (shape.Count == 0)
        {
            // A scalar (or all-ones shape): one row of one element.
            return ([1], [.. strides.Select(_ => new[] { 0 })]);
        }

        return ([.. shape], [.. strides.Select(s => s.ToArray())]);
    }
}
