namespace Lessons.Steps;

/// <summary>
/// The steps a learner writes for linear regression — d2l 0.17 §3.1 / current edition §3.1: the Gaussian density
/// and two of the section's exercises, the best constant and the closed-form solution.
/// </summary>
public interface ILinearRegressionSteps
{
    /// <summary>d2l's <c>normal(x, mu, sigma)</c> (§3.1.3): the density of N(μ, σ²) at each x.</summary>
    double[] Normal(double[] x, double mu, double sigma);

    /// <summary>
    /// An exercise of §3.1: the constant b that minimises Σ(xᵢ − b)² over the data <paramref name="x"/>.
    /// </summary>
    double OptimalConstant(double[] x);

    /// <summary>
    /// An exercise of §3.1: the analytic solution w* = (XᵀX)⁻¹Xᵀy with a column of ones appended to X, so the
    /// result holds one weight per column of <paramref name="X"/> and then the bias.
    /// </summary>
    double[] ClosedForm(Tensor X, Tensor y);

    /// <summary>
    /// An exercise of §3.1: the negative log-likelihood of the data <paramref name="x"/> under Laplace noise around
    /// <paramref name="b"/>, p(xᵢ) = ½ exp(−|xᵢ − b|): Σᵢ (log 2 + |xᵢ − b|).
    /// </summary>
    double LaplaceNll(double[] x, double b);

    /// <summary>
    /// An exercise of §3.1: the constant b that minimises the Laplace negative log-likelihood Σ|xᵢ − b| of the data
    /// <paramref name="x"/> (for an even count, the midpoint of the two middle values).
    /// </summary>
    double LaplaceOptimalConstant(double[] x);
}
