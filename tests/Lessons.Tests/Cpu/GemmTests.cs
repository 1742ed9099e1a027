using Lessons.Backends;
using Lessons.Backends.Cpu;

namespace Lessons.Tests.Cpu;

/// <summary>
/// The fast, blocked <c>Gemm.Multiply</c> against the three-loop <c>Gemm.Reference</c>, on shapes chosen to land on
/// every edge of the blocking: ragged register tiles (M not a multiple of 12, N not a multiple of 32), K slices (K
/// past 256), pack steps of B (N past 8 panels of 32), column blocks (a small M with a large N on the parallel path),
/// the skinny kernels (every N from 1 to 17, K not a multiple of the vector width, a ragged last tile of 32 rows,
/// odd M), the dot products for X·Wᵀ (a transposed B with M ≤ 256 and K past 8 vectors), the parallel paths
/// (products past 3·10⁶ FLOP, skinny ones past 10⁷; of one K slice, 300 × 100 × 200, of two, and of five with two
/// pack steps and two column blocks each, 70 × 300 × 1100), transposed operands, and empty products.
/// </summary>
public sealed class GemmTests
{
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (3, 5, 7), (7, 10, 13), (13, 17, 1), (17, 33, 31), (50, 10, 130), (49, 47, 129),
        (97, 65, 257), (12, 16, 128), (6, 32, 128), (200, 70, 731), (1, 100, 3), (100, 1, 3),
        (40, 300, 260), (300, 10, 600), (301, 9, 513), (260, 40, 300), (1030, 10, 520), (250, 130, 310),
        (300, 100, 200), (70, 300, 1100),
    ];

    /// <summary>
    /// Every N from 1 to 17 (the skinny kernels take N ≤ 16 floats or 8 doubles), with odd M, and K both short (the
    /// blocked path) and past 8 vectors and not a multiple of one (the dot products, with a tail of k).
    /// </summary>
    private static readonly (int M, int N, int K)[] SkinnyShapes =
    [
        .. Enumerable.Range(1, 17).Select(n => (33 + (2 * n), n, 19 + (7 * n))),
        .. Enumerable.Range(1, 17).Select(n => (33 + (2 * n), n, 131 + (9 * n))),
    ];

    private static IEnumerable<TestCaseData> Cases() =>
        from shape in Shapes.Concat(SkinnyShapes)
        from transA in new[] { false, true }
        from transB in new[] { false, true }
        select new TestCaseData(new MatMulShape(shape.M, shape.N, shape.K, transA, transB))
            .SetArgDisplayNames($"{shape.M}x{shape.K}{(transA ? "ᵀ" : "")}@{shape.K}x{shape.N}{(transB ? "ᵀ" : "")}");

    [TestCaseSource(nameof(Cases))]
    public void The_blocked_float_kernel_agrees_with_the_three_loops(MatMulShape shape)
    {
        var (fast, reference) = Both<float>(shape, v => (float)v);
        // Float sums in another order differ by rounding that grows with K: a few ulps of each partial sum.
        var tolerance = 1e-6f * (shape.K + 8);
        for (var i = 0; i < fast.Length; i++)
        {
            Assert.That(fast[i], Is.EqualTo(reference[i]).Within(tolerance), $"C[{i / shape.N}, {i % shape.N}]");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void The_blocked_double_kernel_agrees_with_the_three_loops(MatMulShape shape)
    {
        var (fast, reference) = Both<double>(shape, v => v);
        var tolerance = 1e-14 * (shape.K + 8);
        for (var i = 0; i < fast.Length; i++)
        {
            Assert.That(fast[i], Is.EqualTo(reference[i]).Within(tolerance), $"C[{i / shape.N}, {i % shape.N}]");
        }
    }

    [Test]
    public void An_empty_inner_dimension_gives_zeros_and_an_empty_output_touches_nothing()
    {
        float[] c = [5, 5, 5, 5, 5, 5];
        Gemm.Multiply([], [], c, new MatMulShape(2, 3, 0));
        c.Should().OnlyContain(v => v == 0);

        float[] untouched = [7];
        Gemm.Multiply([], [1f, 2f], untouched, new MatMulShape(0, 2, 1));
        untouched.Should().Equal(7f);
    }

    [Test]
    public void The_reference_is_the_definition()
    {
        // [[1, 2], [3, 4]] · [[5, 6], [7, 8]] = [[19, 22], [43, 50]]; read transposed, Aᵀ·B = [[26, 30], [38, 44]].
        var c = new double[4];
        Gemm.Reference([1.0, 2, 3, 4], [5.0, 6, 7, 8], c, new MatMulShape(2, 2, 2));
        c.Should().Equal(19, 22, 43, 50);
        Gemm.Reference([1.0, 2, 3, 4], [5.0, 6, 7, 8], c, new MatMulShape(2, 2, 2, TransA: true));
        c.Should().Equal(26, 30, 38, 44);
    }

    /// <summary>C by both kernels from the same seeded A and B (values in [−1, 1]); C starts as garbage.</summary>
    private static (T[] Fast, T[] Reference) Both<T>(MatMulShape s, Func<double, T> convert)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new System.Random(s.M * 7919 + s.N * 104729 + s.K);
        var a = Enumerable.Range(0, s.M * s.K).Select(_ => convert((random.NextDouble() * 2) - 1)).ToArray();
        var b = Enumerable.Range(0, s.K * s.N).Select(_ => convert((random.NextDouble() * 2) - 1)).ToArray();
        var fast = Enumerable.Repeat(convert(double.NaN), s.M * s.N).ToArray(); // every element must be written
        var reference = new T[s.M * s.N];
        Gemm.Multiply(a, b, fast, s);
        Gemm.Reference(a, b, reference, s);
        return (fast, reference);
    }
}
