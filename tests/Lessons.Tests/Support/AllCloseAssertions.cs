using System.Globalization;
using FluentAssertions.Execution;

namespace Lessons.Tests.Support;

/// <summary>
/// One meaning for "close", NumPy's: |actual − expected| ≤ atol + rtol·|expected|, NaN equal to NaN, equal
/// infinities equal. A failure names the worst index and both values.
/// </summary>
public static class AllCloseAssertions
{
    /// <summary>Entry point: <c>tensor.Should().BeAllClose(...)</c>.</summary>
    public static TensorAssertions Should(this Tensor actual) => new(actual);

    /// <summary>The index of the worst violation, or -1 when all are close.</summary>
    public static int WorstViolation(
        IReadOnlyList<double> actual, IReadOnlyList<double> expected, double atol, double rtol)
    {
        var worst = -1;
        var worstExcess = 0.0;
        for (var i = 0; i < expected.Count; i++)
        {
            double a = actual[i], e = expected[i];
            if ((double.IsNaN(a) && double.IsNaN(e)) || a == e)
            {
                continue;
            }

            var excess = Math.Abs(a - e) - (atol + (rtol * Math.Abs(e)));
            if (double.IsNaN(excess) || double.IsInfinity(excess))
            {
                excess = double.MaxValue;
            }

            if (excess > 0 && (worst < 0 || excess > worstExcess))
            {
                worst = i;
                worstExcess = excess;
            }
        }

        return worst;
    }

    /// <summary>Asserts arrays are close; the message names the worst index.</summary>
    public static void AssertAllClose(IReadOnlyList<double> actual, IReadOnlyList<double> expected, double atol,
        double rtol, string what = "values")
    {
        Execute.Assertion
            .ForCondition(actual.Count == expected.Count)
            .FailWith("Expected {0} to have {1} elements, found {2}.", what, expected.Count, actual.Count);
        var worst = WorstViolation(actual, expected, atol, rtol);
        Execute.Assertion
            .ForCondition(worst < 0)
            .FailWith(string.Create(CultureInfo.InvariantCulture,
                $"Expected {what} to be close (atol {atol:G3}, rtol {rtol:G3}), but at flat index {worst} " +
                $"actual {(worst < 0 ? 0 : actual[worst]):R} vs expected {(worst < 0 ? 0 : expected[worst]):R}."));
    }
}

/// <summary>Assertions on a tensor's shape and values.</summary>
public sealed class TensorAssertions(Tensor subject)
{
    /// <summary>Values within tolerance of <paramref name="expected"/> (shape checked by element count).</summary>
    public TensorAssertions BeAllClose(IReadOnlyList<double> expected, double atol, double rtol)
    {
        AllCloseAssertions.AssertAllClose(subject.ToDoubles(), expected, atol, rtol, $"tensor {subject.Shape}");
        return this;
    }

    /// <summary>Same shape and values within tolerance of another tensor (on any backend).</summary>
    public TensorAssertions BeAllClose(Tensor expected, double atol, double rtol)
    {
        HaveShape(expected.Shape);
        return BeAllClose(expected.ToDoubles(), atol, rtol);
    }

    /// <summary>Values within the default tolerance of the tensor's dtype.</summary>
    public TensorAssertions BeAllClose(params double[] expected)
    {
        var (atol, rtol) = Tolerances.For(subject.DType);
        return BeAllClose(expected, atol, rtol);
    }

    /// <summary>Exactly this shape.</summary>
    public TensorAssertions HaveShape(params int[] dims) => HaveShape(new Shape(dims));

    /// <summary>Exactly this shape.</summary>
    public TensorAssertions HaveShape(Shape shape)
    {
        Execute.Assertion.ForCondition(subject.Shape == shape)
            .FailWith("Expected shape {0}, found {1}.", shape.ToString(), subject.Shape.ToString());
        return this;
    }
}
