using System.Globalization;

namespace Lessons.Backends.OpenCl;

/// <summary>
/// The blocking of Kernels/matmul.cl: each work-group computes a <see cref="TileM"/>×<see cref="TileN"/> block
/// of C in steps of <see cref="TileK"/>, each work-item <see cref="WorkM"/>×<see cref="WorkN"/> outputs.
/// </summary>
/// <param name="TileM">Rows of C per work-group.</param>
/// <param name="TileN">Columns of C per work-group.</param>
/// <param name="TileK">Depth of the slices staged in local memory.</param>
/// <param name="WorkM">Rows of C per work-item.</param>
/// <param name="WorkN">Columns of C per work-item.</param>
public sealed record MatMulTiles(int TileM, int TileN, int TileK, int WorkM, int WorkN)
{
    /// <summary>Square blocks for big products.</summary>
    public static MatMulTiles Large { get; } = new(64, 64, 32, 8, 16);

    /// <summary>
    /// For C with few columns, like the 10 classes of softmax regression: a wide block would compute mostly
    /// padding, so the block is as narrow as a SIMD width and deep in M.
    /// </summary>
    public static MatMulTiles Narrow { get; } = new(32, 16, 32, 8, 16);

    /// <summary>Small blocks for devices that allow only small work-groups.</summary>
    public static MatMulTiles Small { get; } = new(16, 16, 16, 2, 4);

    /// <summary>Work-items per group along N (local dimension 0).</summary>
    public int ThreadsN => TileN / WorkN;

    /// <summary>Work-items per group along M (local dimension 1).</summary>
    public int ThreadsM => TileM / WorkM;

    /// <summary>The -D options that fix these sizes when matmul.cl is built.</summary>
    public string Defines => string.Create(
        CultureInfo.InvariantCulture,
        $"-D TILE_M={TileM} -D TILE_N={TileN} -D TILE_K={TileK} -D WORK_M={WorkM} -D WORK_N={WorkN}");

    /// <summary>The blocking for a product of <paramref name="shape"/> on a device allowing <paramref name="maxGroup"/> work-items.</summary>
    public static MatMulTiles For(MatMulShape shape, int maxGroup)
    {
        var choice = shape.N <= 16 ? Narrow : Large;
        return choice.ThreadsM * choice.ThreadsN <= maxGroup ? choice : Small;
    }
}
