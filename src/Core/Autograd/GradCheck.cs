using System.Globalization;

namespace Lessons.Autograd;

/// <summary>
/// Compares analytic gradients (from <see cref="Tensor.Backward"/>) with numeric ones (central differences),
/// like torch.autograd.gradcheck and with its defaults: an entry passes when
/// |analytic − numeric| ≤ atol + rtol·|numeric|.
/// </summary>
/// <remarks>
/// The whole Jacobian is checked: one backward pass per output element gives the analytic rows, two forward
/// passes per input element give the numeric columns. Float64 inputs are differentiated and Int32 inputs (labels)
/// held constant; Float32 inputs are refused: with eps = 1e-6 a float32 difference f(x + eps) − f(x − eps) is
/// mostly rounding noise. Keep random inputs further than eps from kinks
/// (ReLU and |x| at 0), where the two sides of the difference straddle the kink.
/// </remarks>
public static class GradCheck
{
    /// <summary>torch's default step.</summary>
    public const double DefaultEps = 1e-6;

    /// <summary>torch's default absolute tolerance.</summary>
    public const double DefaultAtol = 1e-5;

    /// <summary>torch's default relative tolerance.</summary>
    public const double DefaultRtol = 1e-3;

    /// <summary>
    /// Checks every gradient of <paramref name="function"/> at <paramref name="inputs"/>; returns the report,
    /// whose <see cref="GradCheckReport.Passed"/> says whether every entry was within tolerance.
    /// </summary>
    public static GradCheckReport Check(Func<Tensor[], Tensor> function, Tensor[] inputs,
        double eps = DefaultEps, double atol = DefaultAtol, double rtol = DefaultRtol)
    {
        for (var i = 0; i < inputs.Length; i++)
        {
            if (inputs[i].DType == DType.Float32)
            {
                throw new ArgumentException(
                    $"GradCheck: input {i} is {inputs[i].DType}; gradient checks need Float64 because central " +
                    $"differences with eps={eps} lose almost every digit of a {inputs[i].DType} value. " +
                    "Convert with .To(DType.Float64).");
            }
        }

        // Float64 inputs are differentiated; Int32 inputs (labels, indices) are passed through as constants.
        var values = inputs.Select(t => t.DType == DType.Float64 ? t.ToArray<double>() : []).ToArray();
        var analytic = AnalyticJacobians(function, inputs, values, out var outputShape);
        var worst = default(GradCheckFailure);
        var checkedEntries = 0;
        for (var i = 0; i < inputs.Length; i++)
        {
            for (var e = 0; e < values[i].Length; e++)
            {
                var numeric = NumericColumn(function, inputs, values, i, e, eps);
                for (var o = 0; o < numeric.Length; o++)
                {
                    checkedEntries++;
                    var a = analytic[i][o][e];
                    var n = numeric[o];
                    var excess = Math.Abs(a - n) - (atol + (rtol * Math.Abs(n)));
                    if ((excess > 0 || double.IsNaN(excess)) && (worst is null || excess > worst.Excess))
                    {
                        worst = new GradCheckFailure(i, inputs[i].Shape, e, o, outputShape, a, n, atol, rtol, excess);
                    }
                }
            }
        }

        return new GradCheckReport(worst, checkedEntries);
    }

    /// <summary>Like <see cref="Check"/>, but throws <see cref="GradCheckException"/> naming the worst entry.</summary>
    public static void Assert(Func<Tensor[], Tensor> function, Tensor[] inputs,
        double eps = DefaultEps, double atol = DefaultAtol, double rtol = DefaultRtol)
    {
        var report = Check(function, inputs, eps, atol, rtol);
        if (!report.Passed)
        {
            throw new GradCheckException(report.Failure!.ToString());
        }
    }

    /// <summary>analytic[input][outputElement][inputElement], one backward pass per output element.</summary>
    private static double[][][] AnalyticJacobians(Func<Tensor[], Tensor> function, Tensor[] inputs,
        double[][] values, out Shape outputShape)
    {
        using var scope = Tensor.Scope();
        var leaves = Leaves(inputs, values, requiresGrad: true);
        var output = function(leaves);
        outputShape = output.Shape;
        var result = inputs.Select(_ => new double[output.Numel][]).ToArray();
        for (var o = 0; o < output.Numel; o++)
        {
            foreach (var leaf in leaves.Where(l => l.RequiresGrad))
            {
                leaf.Grad = null;
            }

            var upstream = new double[output.Numel];
            upstream[o] = 1;
            if (output.RequiresGrad)
            {
                output.Backward(Tensor.FromArray(upstream, output.Shape, output.Backend), retainGraph: true);
            }

            for (var i = 0; i < leaves.Length; i++)
            {
                result[i][o] = leaves[i].Grad?.ToArray<double>() ?? new double[values[i].Length];
            }
        }

        return result;
    }

    /// <summary>(f(x + eps·eₑ) − f(x − eps·eₑ)) / 2eps for input <paramref name="input"/>, element <paramref
    /// name="element"/>.</summary>
    private static double[] NumericColumn(Func<Tensor[], Tensor> function, Tensor[] inputs, double[][] values,
        int input, int element, double eps)
    {
        var original = values[input][element];
        values[input][element] = original + eps;
        var plus = Evaluate(function, inputs, values);
        values[input][element] = original - eps;
        var minus = Evaluate(function, inputs, values);
        values[input][element] = original;
        return [.. plus.Zip(minus, (p, m) => (p - m) / (2 * eps))];
    }

    private static double[] Evaluate(Func<Tensor[], Tensor> function, Tensor[] inputs, double[][] values)
    {
        using var scope = Tensor.Scope();
        using var noGrad = Tensor.NoGrad();
        return function(Leaves(inputs, values, requiresGrad: false)).ToDoubles();
    }

    private static Tensor[] Leaves(Tensor[] inputs, double[][] values, bool requiresGrad) =>
        [.. inputs.Select((t, i) => t.DType == DType.Float64
            ? Tensor.FromArray(values[i], t.Shape, t.Backend, requiresGrad)
            : t)];
}

/// <summary>The outcome of a <see cref="GradCheck"/>: the worst failing entry, if any.</summary>
/// <param name="Failure">The entry furthest outside tolerance, or null when all passed.</param>
/// <param name="EntriesChecked">How many Jacobian entries were compared.</param>
public sealed record GradCheckReport(GradCheckFailure? Failure, int EntriesChecked)
{
    /// <summary>True when every entry was within tolerance.</summary>
    public bool Passed => Failure is null;
}

/// <summary>One Jacobian entry outside tolerance: which input, which element, both values.</summary>
/// <param name="Input">Index of the input in the array passed to GradCheck.</param>
/// <param name="InputShape">Shape of that input.</param>
/// <param name="Element">Flat (row-major) index of the element within the input.</param>
/// <param name="OutputElement">Flat index of the output element differentiated.</param>
/// <param name="OutputShape">Shape of the function's output.</param>
/// <param name="Analytic">The gradient autograd computed.</param>
/// <param name="Numeric">The central-difference estimate.</param>
/// <param name="Atol">Absolute tolerance used.</param>
/// <param name="Rtol">Relative tolerance used.</param>
/// <param name="Excess">How far outside the tolerance (NaN if either value is NaN).</param>
public sealed record GradCheckFailure(int Input, Shape InputShape, int Element, int OutputElement, Shape OutputShape,
    double Analytic, double Numeric, double Atol, double Rtol, double Excess)
{
    /// <summary>The element's multi-index, e.g. [1, 2].</summary>
    public int[] Index
    {
        get
        {
            var index = new int[InputShape.Rank];
            var rest = Element;
            for (var d = InputShape.Rank - 1; d >= 0; d--)
            {
                index[d] = rest % InputShape[d];
                rest /= InputShape[d];
            }

            return index;
        }
    }

    /// <summary>A sentence a learner can act on.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        return string.Create(c,
            $"GradCheck failed: input {Input} (shape {InputShape}), element [{string.Join(", ", Index)}] " +
            $"(flat {Element}), output element {OutputElement} of {OutputShape}: analytic {Analytic:R} vs numeric " +
            $"{Numeric:R}; |difference| {Math.Abs(Analytic - Numeric):G6} exceeds atol {Atol:G3} + " +
            $"rtol {Rtol:G3}·|numeric|.");
    }
}

/// <summary>Thrown by <see cref="GradCheck.Assert"/> when an analytic gradient disagrees with the numeric
/// one.</summary>
public sealed class GradCheckException(string message) : Exception(message);
