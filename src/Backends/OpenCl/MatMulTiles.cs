using System.Globalization;

namespace Lessons.Backends.OpenCl;

/// <summary>
/// The blocking of Kernels/matmul.cl: each work-group computes a <see cref="TileM"/>×<see cref="TileN"/> block
/// of C in steps of <see cref="TileK"/>, each work-item <see cref="WorkM"/> rows × <see cref="WorkN"/> columns
/// (the columns as one OpenCL vector).
/// </summary>
/// <param name="TileM">Rows of C per work-group.</param>
/// <param name="TileN">Columns of C per work-group.</param>
/// <param name="TileK">Depth of the slices staged in local memory.</param>
/// <param name="WorkM">Rows of C per work-item.</param>
/// <param name="WorkN">Columns of C per work-item: an OpenCL vector width, 2, 4, 8 or 16.</param>
public sealed record MatMulTiles(int TileM, int TileN, int TileK, int WorkM, int WorkN)
{
    /// <summary>
    /// For GPUs: 256 work-items per group, each with a 4×4 block in float4 registers, so a warp's neighbouring
    /// work-items read neighbouring addresses.
    /// </summary>
    public static MatMulTiles Gpu { get; } = new(64, 64, 16, 4, 4);

    /// <summary>
    /// For GPUs when C has at most 16 columns (softmax regression's 10 classes): a 64-wide block would be mostly
    /// padding, so it is 16 wide and the group is 64 work-items.
    /// </summary>
    public static MatMulTiles GpuNarrow { get; } = new(64, 16, 16, 4, 4);

    /// <summary>
    /// For CPUs (POCL): two work-items per group, each an 8×16 block held in eight AVX-512 registers (float16).
    /// A CPU core runs one work-group at a time and gains nothing from many work-items; what it needs is one
    /// SIMD-wide vector per row and slices that stay in L1 (16×64 + 64×16 floats, 8 KiB). Measured with POCL on
    /// 2 AVX-512 cores at 1024³: about 60 GFLOP/s; the same kernel with 4 work-items per group 14-20, with the
    /// GPU blocking (256 work-items) 2.
    /// </summary>
    public static MatMulTiles Cpu { get; } = new(16, 16, 64, 8, 16);

    /// <summary>Work-items per group along N (local dimension 0).</summary>
    public int ThreadsN => TileN / WorkN;

    /// <summary>Work-items per group along M (local dimension 1).</summary>
    public int ThreadsM => TileM / WorkM;

    /// <summary>The -D options that fix these sizes when matmul.cl is built.</summary>
    public string Defines => string.Create(
        CultureInfo.InvariantCulture,
        $"-D TILE_M={TileM} -D TILE_N={TileN} -D TILE_K={TileK} -D WORK_M={WorkM} -D WORK_N={WorkN}");

    /// <summary>The blocking for a product of <paramref name="shape"/> on <paramref name="device"/>.</summary>
    public static MatMulTiles For(MatMulShape shape, OpenClDevice device)
    {
        var choice = device.IsCpu ? Cpu : shape.N <= 16 ? GpuNarrow : Gpu;
        choice.Validate();
        return choice.ThreadsM * choice.ThreadsN <= device.MaxWorkGroupSize ? choice : Cpu;
    }

    /// <summary>Throws unless the sizes fit the kernel's assumptions.</summary>
    public void Validate()
    {
        var valid = WorkN is 2 or 4 or 8 or 16
            && TileM % WorkM == 0 && TileM % WorkN == 0 && TileN % WorkN == 0 && TileK % WorkN == 0;
        if (!valid)
        {
            throw new ArgumentException(
                $"Matmul tiles {this}: WorkN must be 2, 4, 8 or 16 and divide TileM, TileN and TileK; " +
                "WorkM must divide TileM.");
        }
    }
}
