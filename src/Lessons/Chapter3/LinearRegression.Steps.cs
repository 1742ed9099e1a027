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

    double[] ILinearRegressionSteps.Normal(double[] x, double mu, double sigma) => Normal(x, mu, sigma);

    double ILinearRegressionSteps.OptimalConstant(double[] x) => OptimalConstant(x);

    double[] ILinearRegressionSteps.ClosedForm(Tensor X, Tensor y) => ClosedForm(X, y);
}
