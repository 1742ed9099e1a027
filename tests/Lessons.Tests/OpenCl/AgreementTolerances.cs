namespace Lessons.Tests.OpenCl;

/// <summary>
/// What "agrees with the CPU" means, per dtype, in one place; the comparison itself is
/// <see cref="Support.AllCloseAssertions"/>'s: |a − b| ≤ atol + rtol·|b|, NaN equal to NaN. Element-wise
/// results differ only by the device's libm (a few ulps); sums and products differ by summation order, which
/// grows with the number of terms, so those tolerances scale with √terms (a random walk of rounding errors).
/// </summary>
internal static class AgreementTolerances
{
    /// <summary>Element-wise operations and the softmax family.</summary>
    public static (double Atol, double Rtol) Elementwise(DType dtype) =>
        dtype == DType.Float64 ? (1e-12, 1e-12) : (1e-6, 1e-5);

    /// <summary>Sums of <paramref name="terms"/> products or values of magnitude about 1.</summary>
    public static (double Atol, double Rtol) Accumulated(DType dtype, int terms)
    {
        var scale = Math.Sqrt(Math.Max(terms, 1));
        return dtype == DType.Float64 ? (1e-13 * scale, 1e-11) : (2e-6 * scale, 1e-5);
    }

    /// <summary>
    /// Products of <paramref name="terms"/> factors: each multiplication rounds by at most half an ulp, so two orders
    /// of multiplying differ by at most terms·ε relative (a bound, not an estimate); atol only covers results that
    /// underflow into the subnormals, where ulps are absolute.
    /// </summary>
    public static (double Atol, double Rtol) Product(DType dtype, int terms) =>
        dtype == DType.Float64 ? (1e-300, terms * Math.Pow(2, -52)) : (1e-37, terms * Math.Pow(2, -23));

    /// <summary>Copies, gathers, casts, comparisons, indices and integers: bit for bit.</summary>
    public static (double Atol, double Rtol) Exact => (0, 0);
}
