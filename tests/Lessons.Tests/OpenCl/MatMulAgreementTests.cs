using Lessons.Backends;
using Lessons.Backends.OpenCl;

namespace Lessons.Tests.OpenCl;

/// <summary>The tiled matmul against the CPU's blocked GEMM, on sizes that fit no tile evenly.</summary>
[TestFixture(DType.Float32)]
[TestFixture(DType.Float64)]
public sealed class MatMulAgreementTests(DType dtype) : AgreementFixture(dtype)
{
    /// <summary>(M, N, K): ones, primes, 2ᵏ ± 1, the softmax-regression shapes, and a long K.</summary>
    public static readonly int[][] Shapes =
    [
        [1, 1, 1], [7, 7, 7], [31, 33, 7], [33, 31, 255], [255, 257, 33], [257, 255, 31], [1, 1000, 7],
        [1000, 1, 33], [33, 10, 1000], [256, 10, 784], [784, 10, 256], [64, 64, 64], [65, 17, 16], [3, 5, 0],
    ];

    /// <summary>Every blocking the backend may choose, whatever device the tests run on.</summary>
    public static readonly MatMulTiles[] Tilings = [MatMulTiles.Cpu, MatMulTiles.Gpu, MatMulTiles.GpuNarrow];

    /// <summary>Both blockings of the dot-product kernel for A·Bᵀ (matmul_nt.cl).</summary>
    public static readonly MatMulDotTiles[] DotTilings = [MatMulDotTiles.Cpu, MatMulDotTiles.Gpu];

    [TearDown]
    public void ChooseTilesAgain()
    {
        Ocl.TilesOverride = null;
        Ocl.DotTilesOverride = null;
    }

    [Test]
    public void MatMul_agrees(
        [ValueSource(nameof(Shapes))] int[] mnk,
        [Values] bool transA,
        [Values] bool transB,
        [ValueSource(nameof(Tilings))] MatMulTiles tiles)
    {
        Ocl.TilesOverride = tiles;
        var shape = new MatMulShape(mnk[0], mnk[1], mnk[2], transA, transB);
        using var agree = Agree(shape.M * 7 + shape.N);
        var a = agree.Upload(agree.Normal(shape.M * shape.K), DType);
        var b = agree.Upload(agree.Normal(shape.K * shape.N), DType);
        var c = agree.Zeros(DType, shape.M * shape.N);
        agree.Run(be => be.Fill(c.On(be), double.NaN)); // every element must be written
        agree.Run(be => be.MatMul(a.On(be), b.On(be), c.On(be), shape));
        agree.ShouldAgree(c, AgreementTolerances.Accumulated(DType, shape.K), shape.ToString());
    }

    [Test]
    public void MatMul_of_A_by_B_transposed_as_dot_products_agrees(
        [ValueSource(nameof(Shapes))] int[] mnk,
        [ValueSource(nameof(DotTilings))] MatMulDotTiles tiles)
    {
        Ocl.DotTilesOverride = tiles;
        var shape = new MatMulShape(mnk[0], mnk[1], mnk[2], TransA: false, TransB: true);
        using var agree = Agree(shape.M * 5 + shape.N);
        var a = agree.Upload(agree.Normal(shape.M * shape.K), DType);
        var b = agree.Upload(agree.Normal(shape.K * shape.N), DType);
        var c = agree.Zeros(DType, shape.M * shape.N);
        agree.Run(be => be.Fill(c.On(be), double.NaN)); // every element must be written
        agree.Run(be => be.MatMul(a.On(be), b.On(be), c.On(be), shape));
        agree.ShouldAgree(c, AgreementTolerances.Accumulated(DType, shape.K), $"{shape} with {tiles}");
    }
}
