using Lessons.Random;
using Lessons.Tests.Support;
using MathNet.Numerics.LinearAlgebra;

namespace Lessons.Tests.Core;

/// <summary>Matmul, sums and maxima against Math.NET Numerics, an independent oracle, on odd shapes.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class MathNetAgreementTests(string backend) : BackendFixture(backend)
{
    private static readonly int[][] Shapes =
    [
        [1, 1, 1], [3, 17, 5], [17, 3, 255], [255, 257, 3], [257, 1, 17], [1, 255, 257], [33, 64, 31], [96, 70, 40],
        [150, 300, 250], // 2.25e7 flops over four row blocks: the CPU splits it across threads
    ];

    public static IEnumerable<TestCaseData> Cases() =>
        from shape in Shapes
        from dtype in new[] { DType.Float32, DType.Float64 }
        from transA in new[] { false, true }
        from transB in new[] { false, true }
        select new TestCaseData(shape[0], shape[1], shape[2], dtype, transA, transB);

    [TestCaseSource(nameof(Cases))]
    public void MatMul_agrees_with_MathNet(int m, int k, int n, DType dtype, bool transA, bool transB)
    {
        var generator = new Generator(m * 1000 + k * 10 + n);
        // Positive entries: no cancellation, so a relative tolerance is meaningful for every element.
        var a = Matrix<double>.Build.Dense(m, k, (_, _) => generator.NextDouble());
        var b = Matrix<double>.Build.Dense(k, n, (_, _) => generator.NextDouble());
        var storedA = transA ? a.Transpose() : a;
        var storedB = transB ? b.Transpose() : b;
        using var ta = Upload(storedA, dtype);
        using var tb = Upload(storedB, dtype);
        var expected = Rounded(a, dtype) * Rounded(b, dtype);

        using var c = Tensor.MatMulRaw(ta, tb, transA, transB);

        c.Should().HaveShape(m, n);
        var rtol = dtype == DType.Float32 ? 1e-5 : 1e-12;
        c.Should().BeAllClose(RowMajor(expected), 0, rtol);
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void An_empty_inner_dimension_gives_zeros_and_an_empty_outer_one_nothing(DType dtype)
    {
        using var a = Tensor.Zeros([3, 0], dtype, B);
        using var b = Tensor.Zeros([0, 4], dtype, B);
        using var c = Tensor.Full([0, 5], 1, dtype, B);

        a.MatMul(b).Should().HaveShape(3, 4).BeAllClose(new double[12], 0, 0); // Σ over nothing is 0, as torch
        c.MatMul(Tensor.Ones([5, 2], dtype, B)).Should().HaveShape(0, 2);
    }

    [TestCase(1, 1)]
    [TestCase(3, 17)]
    [TestCase(255, 257)]
    [TestCase(257, 3)]
    [TestCase(17, 1)]
    public void Sums_and_maxima_agree_with_MathNet(int rows, int cols)
    {
        var generator = new Generator(rows + cols);
        var x = Matrix<double>.Build.Dense(rows, cols, (_, _) => generator.NextDouble() - 0.25);
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            // float64 sums of a few thousand terms of size ≤ 1 agree to well within 1e-12; float32 ones to 1e-5.
            var (atol, rtol) = dtype == DType.Float32 ? (1e-5, 1e-5) : (1e-12, 1e-12);
            var exact = Rounded(x, dtype);
            using var t = Upload(x, dtype);

            t.Sum().Should().BeAllClose([exact.Enumerate().Sum()], atol, rtol);
            t.Sum(0).Should().BeAllClose(exact.ColumnSums().ToArray(), atol, rtol);
            t.Sum(1).Should().BeAllClose(exact.RowSums().ToArray(), atol, rtol);
            t.Max().Should().BeAllClose([exact.Enumerate().Max()], 0, 0);
            t.Max(0).Should().BeAllClose(exact.EnumerateColumns().Select(c => c.Maximum()).ToArray(), 0, 0);
            t.Max(1).Should().BeAllClose(exact.EnumerateRows().Select(r => r.Maximum()).ToArray(), 0, 0);
            t.Min(1).Should().BeAllClose(exact.EnumerateRows().Select(r => r.Minimum()).ToArray(), 0, 0);
            t.ArgMax(1).ToArray<int>().Should().Equal(exact.EnumerateRows().Select(r => r.MaximumIndex()));
        }
    }

    private Tensor Upload(Matrix<double> m, DType dtype) =>
        Tensor.FromDoubles(RowMajor(m), new Shape(m.RowCount, m.ColumnCount), dtype, B);

    /// <summary>The matrix as the device sees it: rounded to float32 when that is the dtype.</summary>
    private static Matrix<double> Rounded(Matrix<double> m, DType dtype) =>
        dtype == DType.Float32 ? m.Map(v => (double)(float)v) : m;

    private static double[] RowMajor(Matrix<double> m) => m.ToRowMajorArray();
}
