// Workbook: Linear regression — d2l 0.17 §3.1 / current edition §3.1.
//
// Replace each `throw` with your own code, then check your steps:
//     LESSONS_TARGET=workbook dotnet test tests/Lessons.Tests --filter Category=Workbook
// or see every lesson's progress at a glance:
//     dotnet run --project src/Lessons -- progress
// A step that still throws NotImplementedException is "not started", never a failure. The reference solution is
// src/Lessons/Chapter3/LinearRegression.cs (and LinearRegression.Steps.cs for the exercises): try first, then compare.
using Lessons.Steps;

namespace Lessons.Workbook;

/// <summary>Your linear regression (§3.1): the Gaussian density and two of the section's exercises.</summary>
public sealed class LinearRegression : ILinearRegressionSteps
{
    /// <summary>§3.1.3, d2l's <c>normal</c>: the density of N(μ, σ²) at each x.</summary>
    public double[] Normal(double[] x, double mu, double sigma) =>
        throw new NotImplementedException("hint: p(x) = exp(−(x − μ)² / (2σ²)) / √(2πσ²) for each x — see d2l §3.1.3");

    /// <summary>Exercise of §3.1: the constant b that minimises Σ(xᵢ − b)².</summary>
    public double OptimalConstant(double[] x) =>
        throw new NotImplementedException(
            "hint: set the derivative of Σ(xᵢ − b)² with respect to b to zero — §3.1's exercises");

    /// <summary>Exercise of §3.1: w* = (XᵀX)⁻¹Xᵀy, with a column of ones appended to X; returns [w..., b].</summary>
    public double[] ClosedForm(Tensor X, Tensor y) =>
        throw new NotImplementedException(
            "hint: append a column of ones to X, then solve (XᵀX)w = Xᵀy (MathNet's Cholesky) — see d2l §3.1.1");
}
