namespace Lessons.Tests.Support;

/// <summary>What "close" means per dtype, in one place: |a − b| ≤ atol + rtol·|b|.</summary>
public static class Tolerances
{
    /// <summary>Forward values.</summary>
    public static (double Atol, double Rtol) For(DType dtype) => dtype switch
    {
        DType.Float64 => (1e-12, 1e-10),
        DType.Float32 => (1e-5, 1e-4),
        _ => (0, 0),
    };
}
