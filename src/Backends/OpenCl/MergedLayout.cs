namespace Lessons.Backends.OpenCl;

/// <summary>
/// A <see cref="BroadcastLayout"/> with its dimensions simplified for the kernels: dimensions of size 1 are
/// dropped, and neighbours that every input walks contiguously are merged into one ((2, 3, 4) read
/// contiguously is just (24)). A plain contiguous operation becomes rank 1, and the kernels' index
/// arithmetic never needs more than <see cref="MaxRank"/> dimensions in practice.
/// </summary>
internal sealed class MergedLayout
{
    /// <summary>The most dimensions a kernel accepts (they travel as one OpenCL int8).</summary>
    public const int MaxRank = 8;

    private MergedLayout(int[] shape, int[][] strides)
    {
        Shape = shape;
        Strides = strides;
    }

    /// <summary>Dimensions after merging, outermost first.</summary>
    public int[] Shape { get; }

    /// <summary>Per input, one stride per merged dimension.</summary>
    public int[][] Strides { get; }

    public int Rank => Shape.Length;

    /// <summary>The shape as an int8 kernel argument.</summary>
    public KernelArg ShapeArg => KernelArg.Int8(Shape);

    /// <summary>Input <paramref name="input"/>'s strides as an int8 kernel argument.</summary>
    public KernelArg StridesArg(int input) => KernelArg.Int8(Strides[input]);

    /// <summary>
    /// The layout as exactly three dimensions, innermost first (columns, rows, planes), padded with size-1
    /// dimensions, and each input's three strides in the same order; null when more than three remain. Kernels
    /// that take it index a 3-D range by its coordinates and never divide.
    /// </summary>
    public (int[] Shape, int[][] Strides)? Grid()
    {
        if (Rank > 3)
        {
            return null;
        }

        int[] shape = [1, 1, 1];
        var strides = Strides.Select(_ => new int[3]).ToArray();
        for (var d = 0; d < Rank; d++)
        {
            shape[d] = Shape[Rank - 1 - d];
            for (var k = 0; k < Strides.Length; k++)
            {
                strides[k][d] = Strides[k][Rank - 1 - d];
            }
        }

        return (shape, strides);
    }

    /// <summary>Merges <paramref name="layout"/>, which must have <paramref name="inputs"/> inputs.</summary>
    public static MergedLayout Of(BroadcastLayout layout, int inputs, string operation)
    {
        if (layout.Strides.Length != inputs || layout.Strides.Any(s => s.Length != layout.Shape.Length))
        {
            throw new ArgumentException(
                $"{operation}: the layout must give {inputs} stride list(s) of rank {layout.Shape.Length}.");
        }

        // Walk from the innermost dimension outwards, growing the current merged dimension while every
        // input's stride continues it, and starting a new one when any input jumps.
        var shape = new List<int>();
        var strides = Enumerable.Range(0, inputs).Select(_ => new List<int>()).ToArray();
        for (var d = layout.Shape.Length - 1; d >= 0; d--)
        {
            var size = layout.Shape[d];
            if (size == 1)
            {
                continue;
            }

            var last = shape.Count - 1;
            var continues = last >= 0 && Enumerable.Range(0, inputs)
                .All(k => layout.Strides[k][d] == strides[k][last] * shape[last]);
            if (continues)
            {
                shape[last] *= size;
            }
            else
            {
                shape.Add(size);
                for (var k = 0; k < inputs; k++)
                {
                    strides[k].Add(layout.Strides[k][d]);
                }
            }
        }

        if (shape.Count > MaxRank)
        {
            throw new NotSupportedException(
                $"{operation}: {shape.Count} dimensions remain after merging contiguous ones; " +
                $"the OpenCL kernels accept at most {MaxRank}. Reshape the tensor to fewer dimensions first.");
        }

        shape.Reverse();
        foreach (var s in strides)
        {
            s.Reverse();
        }

        return new MergedLayout([.. shape], [.. strides.Select(s => s.ToArray())]);
    }
}
