namespace Lessons.Steps.Hints;

/// <summary>The hints of linear regression's steps (d2l 0.17 §3.1 / current §3.1).</summary>
internal static class LinearRegressionHints
{
    private const string Lesson = "linear-regression";

    /// <summary>The lesson's hints, in the book's order.</summary>
    public static IReadOnlyList<StepHint> All { get; } =
    [
        new(Lesson, "Normal",
            "the density of a normal distribution is a bell around its mean, scaled so that its area is one: the " +
            "squared distance to the mean, measured in variances, decides how fast it falls — d2l §3.1.3",
            "per element of x: Math.Exp of minus the squared distance over twice the variance, divided by the square " +
            "root of two π times the variance; return one double per x (Select, then ToArray)",
            "var p = 1 / Math.Sqrt(2 * Math.PI * sigma * sigma);\n" +
            "return [.. x.Select(v => p * Math.Exp(-0.5 / (sigma * sigma) * (v - mu) * (v - mu)))];"),
        new(Lesson, "OptimalConstant",
            "the constant closest to every point in squared distance is where the derivative of the summed squares " +
            "vanishes: write that derivative, set it to zero, and solve for the constant — §3.1's exercises",
            "the derivative with respect to b is minus two times the sum of the differences; LINQ's Average is the " +
            "whole answer",
            "return x.Average();"),
        new(Lesson, "ClosedForm",
            "linear regression has an answer on paper: the weights that zero the gradient of the squared loss solve " +
            "the normal equations; a column of ones in the design matrix turns the bias into one more weight — " +
            "d2l §3.1.1",
            "copy X into a MathNet Matrix with one more column of ones, then solve the normal equations with " +
            "TransposeThisAndMultiply and Cholesky or QR; y is a column of n values",
            "var x = X.ToDoubles(); var (n, d) = (X.Shape[0], X.Shape[1]);\n" +
            "var A = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, d + 1,\n" +
            "    (i, j) => j < d ? x[(i * d) + j] : 1);\n" +
            "var b = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(y.ToDoubles());\n" +
            "return A.TransposeThisAndMultiply(A).Cholesky().Solve(A.TransposeThisAndMultiply(b)).ToArray();"),
        new(Lesson, "LaplaceNll",
            "under Laplace noise each point's density is one half times the exponential of minus its absolute " +
            "distance to the centre; the negative log of the product of the densities is a sum of one term per " +
            "point — §3.1's exercises",
            "for each x, Math.Log of 2 plus Math.Abs of x minus b; Sum them",
            "return x.Sum(v => Math.Log(2) + Math.Abs(v - b));"),
        new(Lesson, "LaplaceOptimalConstant",
            "the sum of absolute distances falls as long as more points lie on one side of the constant than on the " +
            "other: it is smallest where as many lie below as above, the middle of the sorted data — §3.1's " +
            "exercises",
            "sort the values with Order; the middle element for an odd count, the mean of the two middle ones for " +
            "an even count",
            "var s = x.Order().ToArray();\nvar m = s.Length / 2;\n" +
            "return s.Length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;"),
    ];
}
