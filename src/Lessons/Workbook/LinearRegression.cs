// Workbook: Linear regression — d2l 0.17 §3.1 / current edition §3.1.
//
// Replace each `throw` with your own code, then check your steps (read the section first; ask for a hint when stuck):
//     dotnet run --project src/Lessons -- check linear-regression --watch     (re-checks each time you save)
//     dotnet run --project src/Lessons -- hint linear-regression.<Step>        (the idea, then a nudge, then the code)
//     dotnet run --project src/Lessons -- run linear-regression --workbook     (your steps train on the real data)
// A step that still throws NotImplementedException is "not started", never a failure.
using Lessons.Steps;

namespace Lessons.Workbook;

/// <summary>Your linear regression (§3.1): the Gaussian density and two of the section's exercises.</summary>
public sealed class LinearRegression : ILinearRegressionSteps
{
    /// <summary>§3.1.3, d2l's <c>normal</c>: the density of N(μ, σ²) at each x.</summary>
    public double[] Normal(double[] x, double mu, double sigma) =>
        throw new NotImplementedException(
            "hint: the density of a normal distribution is a bell around its mean, scaled so that its area is " +
            "one: the squared distance to the mean, measured in variances, decides how fast it falls — d2l " +
            "§3.1.3");

    /// <summary>Exercise of §3.1: the constant b that minimises Σ(xᵢ − b)².</summary>
    public double OptimalConstant(double[] x) =>
        throw new NotImplementedException(
            "hint: the constant closest to every point in squared distance is where the derivative of the " +
            "summed squares vanishes: write that derivative, set it to zero, and solve for the constant — " +
            "§3.1's exercises");

    /// <summary>Exercise of §3.1: w* = (XᵀX)⁻¹Xᵀy, with a column of ones appended to X; returns [w..., b].</summary>
    public double[] ClosedForm(Tensor X, Tensor y) =>
        throw new NotImplementedException(
            "hint: linear regression has an answer on paper: the weights that zero the gradient of the " +
            "squared loss solve the normal equations; a column of ones in the design matrix turns the bias " +
            "into one more weight — d2l §3.1.1");

    /// <summary>Exercise of §3.1: the negative log-likelihood of x under Laplace noise around b.</summary>
    public double LaplaceNll(double[] x, double b) =>
        throw new NotImplementedException(
            "hint: under Laplace noise each point's density is one half times the exponential of minus its " +
            "absolute distance to the centre; the negative log of the product of the densities is a sum of " +
            "one term per point — §3.1's exercises");

    /// <summary>Exercise of §3.1: the constant minimising Σ|xᵢ − b|.</summary>
    public double LaplaceOptimalConstant(double[] x) =>
        throw new NotImplementedException(
            "hint: the sum of absolute distances falls as long as more points lie on one side of the constant " +
            "than on the other: it is smallest where as many lie below as above, the middle of the sorted " +
            "data — §3.1's exercises");
}
