namespace Lessons.Backends.OpenCl;

/// <summary>Matrix product (Kernels/matmul.cl), the one compute-bound primitive.</summary>
public sealed partial class OpenClBackend
{
    /// <summary>When set, every product uses these tiles (benchmarks and tests); null picks per shape.</summary>
    internal MatMulTiles? TilesOverride { get; set; }

    /// <summary>When set, every A·Bᵀ uses matmul_nt.cl with these tiles (tests); null picks per device.</summary>
    internal MatMulDotTiles? DotTilesOverride { get; set; }

    /// <inheritdoc/>
    public void MatMul(DeviceBuffer a, DeviceBuffer b, DeviceBuffer c, MatMulShape shape)
    {
        var left = Own(a, "MatMul");
        var right = Own(b, "MatMul");
        var output = Output(c, "MatMul");
        RequireSameDType("MatMul", a, b, c);
        RequireFloat("MatMul", a);
        RequireLength("MatMul", "A", a, (long)shape.M * shape.K);
        RequireLength("MatMul", "B", b, (long)shape.K * shape.N);
        RequireLength("MatMul", "C", c, (long)shape.M * shape.N);
        if (output.Length == 0)
        {
            return;
        }

        if (shape.K == 0)
        {
            Fill(output, 0); // a sum of no products
            return;
        }

        if (shape.TransB && !shape.TransA && (TilesOverride is null || DotTilesOverride is not null))
        {
            // x·Wᵀ: both operands are contiguous along K, so the product runs as dot products (matmul_nt.cl)
            // instead of transposing B's slices into local memory.
            var dot = DotTilesOverride ?? MatMulDotTiles.For(Device);
            var (blocksN, blocksM) = ((shape.N + dot.BlockN - 1) / dot.BlockN, (shape.M + dot.BlockM - 1) / dot.BlockM);
            queue.Launch(
                kernels.Get("matmul_nt.cl", a.DType, "matmul_nt_dot", dot.Defines),
                [blocksN * dot.GroupN, blocksM * dot.GroupM],
                [dot.GroupN, dot.GroupM],
                shape.M, shape.N, shape.K, left, right, output);
            return;
        }

        var tiles = TilesOverride ?? MatMulTiles.For(shape, Device);
        var name = (shape.TransA, shape.TransB) switch
        {
            (false, false) => "matmul_nn",
            (false, true) => "matmul_nt",
            (true, false) => "matmul_tn",
            (true, true) => "matmul_tt",
        };
        var kernel = kernels.Get("matmul.cl", a.DType, name, tiles.Defines);

        // One group per block of C: global sizes count work-items, ThreadsN per TileN columns.
        var groupsN = (shape.N + tiles.TileN - 1) / tiles.TileN;
        var groupsM = (shape.M + tiles.TileM - 1) / tiles.TileM;
        queue.Launch(
            kernel,
            [groupsN * tiles.ThreadsN, groupsM * tiles.ThreadsM],
            [tiles.ThreadsN, tiles.ThreadsM],
            shape.M, shape.N, shape.K, left, right, output);
    }
}
