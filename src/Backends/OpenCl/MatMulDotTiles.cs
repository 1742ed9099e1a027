using System.Globalization;

namespace Lessons.Backends.OpenCl;

/// <summary>
/// The blocking of Kernels/matmul_nt.cl (C = A·Bᵀ as dot products along K): each work-item computes
/// 4 × 4 outputs with vectors of <see cref="DotV"/> partial sums, in groups of
/// <see cref="GroupM"/> × <see cref="GroupN"/> work-items; with <see cref="Local"/> the group stages slices of
/// <see cref="DotK"/> in local memory, each row padded by <see cref="Pad"/>.
/// </summary>
/// <param name="DotV">The vector width along K: 2, 4, 8 or 16.</param>
/// <param name="DotK">Depth of a staged slice (a multiple of <paramref name="DotV"/>).</param>
/// <param name="Pad">Elements added to each staged row (to spread a GPU's local-memory banks).</param>
/// <param name="Local">Whether slices are staged in local memory (GPUs) or rows read in place (CPUs).</param>
/// <param name="GroupM">Work-items per group along M.</param>
/// <param name="GroupN">Work-items per group along N.</param>
public sealed record MatMulDotTiles(int DotV, int DotK, int Pad, bool Local, int GroupM, int GroupN)
{
    /// <summary>
    /// For GPUs: 16 × 16 work-items, each 4 × 4 outputs in float4 sums, slices of 16 staged in local memory with
    /// one element of padding per row.
    /// </summary>
    public static MatMulDotTiles Gpu { get; } = new(4, 16, 1, true, 16, 16);

    /// <summary>
    /// For CPUs (POCL): one work-item per group holding 4 × 4 float16 sums, sixteen of the 32 AVX-512 registers,
    /// and eight rows read in place. Measured on POCL, 64×784 @ (128×784)ᵀ: see docs/performance.md.
    /// </summary>
    public static MatMulDotTiles Cpu { get; } = new(16, 16, 0, false, 1, 1);

    /// <summary>Rows of C per group.</summary>
    public int BlockM => GroupM * 4;

    /// <summary>Columns of C per group.</summary>
    public int BlockN => GroupN * 4;

    /// <summary>The -D options that fix these sizes when matmul_nt.cl is built.</summary>
    public string Defines => string.Create(
        CultureInfo.InvariantCulture,
        $"-D DOT_V={DotV} -D DOT_K={DotK} -D DOT_PAD={Pad} " +
        $"-D DOT_LOCAL={(Local ? 1 : 0)} -D GROUP_M={GroupM} -D GROUP_N={GroupN}");

    /// <summary>The blocking for <paramref name="device"/>.</summary>
    public static MatMulDotTiles For(OpenClDevice device) =>
        !device.IsCpu && Gpu.GroupM * Gpu.GroupN <= device.MaxWorkGroupSize ? Gpu : Cpu;
}
