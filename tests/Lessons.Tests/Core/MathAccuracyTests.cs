using System.Globalization;
using Lessons.Tests.Support;

namespace Lessons.Tests.Core;

/// <summary>
/// The element-wise functions are accurate to a few units in the last place across the range — near zero
/// (1e-10, 1e-4), at 1, and far out (20, 400) — in float32 and float64, on every backend. The reference is
/// computed in double precision (float64 cases from libm's correctly rounded or nearly so functions, log1p and
/// the small arguments by their Taylor series), so a vector approximation with an absolute error (as
/// TensorPrimitives.Tanh had: tanh(1e-10) came out with the wrong sign in float32) is caught.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class MathAccuracyTests(string backend) : BackendFixture(backend)
{
    /// <summary>Allowed error in units in the last place: OpenCL's bounds (tanh 5 ulp), one for the
    /// reference.</summary>
    private const double Ulps = 6;

    private static readonly double[] Magnitudes = [1e-10, 1e-4, 1, 20, 400];

    public sealed record Function(string Name, Func<Tensor, Tensor> Op, Func<double, double> Reference, bool Negative)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<TestCaseData> Cases() =>
        from f in new Function[]
        {
            new("Exp", t => t.Exp(), Math.Exp, true),
            new("Log", t => t.Log(), Math.Log, false),
            new("Log1p", t => t.Log1p(), Log1p, true),
            new("Sqrt", t => t.Sqrt(), Math.Sqrt, false),
            new("Tanh", t => t.Tanh(), Math.Tanh, true),
            new("Sigmoid", t => t.Sigmoid(), Sigmoid, true),
            new("Sin", t => t.Sin(), Math.Sin, true),
            new("Cos", t => t.Cos(), Math.Cos, true),
            new("Softplus", t => t.Softplus(), x => x > 20 ? x : Log1p(Math.Exp(x)), true),
        }
        from dtype in new[] { DType.Float32, DType.Float64 }
        select new TestCaseData(f, dtype).SetName($"{{m}}({f.Name}, {dtype})");

    [TestCaseSource(nameof(Cases))]
    public void Is_accurate_to_a_few_ulps_near_zero_at_one_and_far_out(Function f, DType dtype)
    {
        // Log1p takes −1e-10 and −1e-4 too, but not −1 and beyond, where it has no value.
        var points = Magnitudes.Concat(f.Negative ? Magnitudes.Select(m => -m) : [])
            .Where(x => f.Name != "Log1p" || x > -1).ToArray();
        var x = dtype == DType.Float32
            ? F32([.. points.Select(p => (float)p)], points.Length)
            : F64(points, points.Length);
        var inputs = x.ToDoubles(); // the float32 inputs as they really are

        var actual = f.Op(x).ToDoubles();

        var eps = dtype == DType.Float32 ? Math.Pow(2, -23) : Math.Pow(2, -52);
        for (var i = 0; i < inputs.Length; i++)
        {
            var expected = f.Reference(inputs[i]);
            if (dtype == DType.Float32)
            {
                expected = (float)expected;
            }

            if (actual[i] == expected)
            {
                continue; // also an infinity where the true value overflows, or 0 where it underflows
            }

            var allowed = Ulps * eps * Math.Abs(expected);
            Math.Abs(actual[i] - expected).Should().BeLessThanOrEqualTo(allowed, string.Create(
                CultureInfo.InvariantCulture,
                $"{f.Name}({inputs[i]:R}) in {dtype} should be {expected:R} within {Ulps} ulp, got {actual[i]:R}"));
        }
    }

    private static double Sigmoid(double x) => x < 0 ? Math.Exp(x) / (1 + Math.Exp(x)) : 1 / (1 + Math.Exp(-x));

    /// <summary>ln(1 + x) to full double precision: the Taylor series where 1 + x would lose x's digits.</summary>
    private static double Log1p(double x)
    {
        if (Math.Abs(x) > 1e-3)
        {
            return Math.Log(1 + x);
        }

        // x − x²/2 + x³/3 − …; at |x| ≤ 1e-3 eight terms leave an error below 1e-27 relative.
        double sum = 0, power = x;
        for (var k = 1; k <= 8; k++)
        {
            sum += (k % 2 == 1 ? power : -power) / k;
            power *= x;
        }

        return sum;
    }
}
