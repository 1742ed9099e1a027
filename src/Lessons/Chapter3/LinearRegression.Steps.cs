using Lessons.Steps;

namespace Lessons.Chapter3;

// The steps of this lesson a learner writes in the workbook (src/Lessons/Workbook/LinearRegression.cs): the step
// checks run them here, on the reference, in CI. The exercises' answers live here too, out of the lesson's way.
public sealed partial class LinearRegression : ILinearRegressionSteps
{
    /// <summary>
    /// The answer to an exercise of §3.1: the b minimising Σ(xᵢ − b)² is the mean — the derivative −2Σ(xᵢ − b)
    /// vanishes at b = Σxᵢ / n, and the second derivative 2n is positive.
    /// </summary>
    public static double OptimalConstant(double[] x) => x.Average();

    /// <summary>
    /// The answer to an exercise of §3.1: with p(ε) = ½ exp(−|ε|), −log P = Σ(log 2 + |xᵢ − b|) — the absolute loss,
    /// up to a constant.
    /// </summary>
    public static double LaplaceNll(double[] x, double b) => x.Sum(v => Math.Log(2) + Math.Abs(v - b));

    /// <summary>
    /// The answer to an exercise of §3.1: Σ|xᵢ − b| has slope (#below − #above), zero once as many points lie on
    /// each side of b: the median. There is no formula in the data's values, and the gradient of |·| jumps at the
    /// minimum, so SGD with a fixed rate oscillates around it; a decaying rate (or Huber's loss) fixes that.
    /// </summary>
    public static double LaplaceOptimalConstant(double[] x)
    {
        var sorted = x.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    double ILinearRegressionSteps.LaplaceNll(double[] x, double b) => LaplaceNll(x, b);

    double ILinearRegressionSteps.LaplaceOptimalConstant(double[] x) => LaplaceOptimalConstant(x);

    double[] ILinearRegressionSteps.Normal(double[] x, double mu, double sigma) => Normal(x, mu, sigma);

    double ILinearRegressionSteps.OptimalConstant(double[] x) => OptimalConstant(x);

    double[] ILinearRegressionSteps.ClosedForm(Tensor X, Tensor y) => ClosedForm(X, y);
}
