namespace Lessons.Backends.OpenCl;

/// <summary>Matrix product (Kernels/matmul.cl), the one compute-bound primitive.</summary>
public sealed partial class OpenClBackend
{
    /// <summary>When set, every product uses these tiles (benchmarks and tests); null picks per shape.</summary>
    internal MatMulTiles? TilesOverride { get; set; }

    /// <summary>When set, every A·Bᵀ uses matmul_nt.cl with these tiles (tests); null picks per device.</summary>
    internal MatMulDotTiles? DotTilesOverride { get; set; }

    /// <summary>When set, whether products at most 16 columns wide take <see cref="MatMulNarrow"/> (tests: Oclgrind
    /// calls itself a GPU); null: on CPU devices.</summary>
    internal bool? NarrowOverride { get; set; }

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

        if ((NarrowOverride ?? Device.IsCpu) && TilesOverride is null && !shape.TransB && shape.N <= 16)
        {
            MatMulNarrow(left, right, output, shape);
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

    /// <summary>
    /// Products with at most 16 columns on a CPU device (softmax regression's): matmul.cl's 16 × 16 tiles would
    /// waste six of every sixteen multiply-adds on its 10 classes. Aᵀ·B (the weight gradient) runs in
    /// matmul_narrow.cl, 16 rows of C per work-item; A·B (the forward pass) transposes B, 10 × 784 values, and
    /// runs as the dot products of matmul_nt.cl. On POCL, 2 cores, each launch waited for: 164 and 161 µs for
    /// the 256×784 @ 784×10 product and its weight gradient through matmul.cl, 70 and 70 µs this way.
    /// </summary>
    private void MatMulNarrow(OpenClBuffer a, OpenClBuffer b, OpenClBuffer c, MatMulShape shape)
    {
        if (shape.TransA)
        {
            // One work-item per 16 rows of C, one per group: POCL spreads the groups over its cores.
            queue.Launch(
                kernels.Get("matmul_narrow.cl", a.DType, "matmul_tn_narrow", $"-D NARROW_N={shape.N}"),
                [(shape.M + 15) / 16],
                [1],
                shape.M, shape.K, a, b, c);
            return;
        }

        using var bt = Allocate(b.DType, shape.K * shape.N, zeroed: false);
        Copy(b, new BroadcastLayout([shape.N, shape.K], [[1, shape.N]]), bt); // freed once the queue is past it
        MatMul(a, bt, c, shape with { TransB = true });
    }
}
