using Lessons.Chapter3;
using Lessons.Framework;
using Lessons.Tests.Support;

namespace Lessons.Tests.Chapter3;

/// <summary>The lessons that are mostly formulas: linear regression (§3.1) and softmax regression (§3.4 /
/// §4.1).</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class TheoryLessonTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void The_normal_density_and_the_likelihood_match_their_formulas()
    {
        var p0 = 1 / Math.Sqrt(2 * Math.PI);
        LinearRegression.Normal([0, 1], 0, 1).Should().Equal([p0, Math.Exp(-0.5) * p0]);
        var nll = LinearRegression.NegativeLogLikelihood([1, 2], [1.5, 2], 0.5);
        nll.Should().BeApproximately(Math.Log(2 * Math.PI * 0.25) + (0.25 / 0.5), 1e-12);
    }

    [Test]
    public void The_closed_form_recovers_exact_parameters()
    {
        var X = F64([1, 0, 0, 1, 1, 1, 2, -1], 4, 2);
        var y = F64([3 + 1, -2 + 1, 3 - 2 + 1, 6 + 2 + 1], 4); // y = 3·x₀ − 2·x₁ + 1

        LinearRegression.ClosedForm(X, y).Should().BeEquivalentTo(new[] { 3.0, -2, 1 }, o => o.Using<double>(
            c => c.Subject.Should().BeApproximately(c.Expectation, 1e-10)).WhenTypeIs<double>());
    }

    [Test]
    public void Information_theory_numbers_match_the_notes()
    {
        SoftmaxRegression.Entropy([0.1, 0.5, 0.1, 0.3]).Should().BeApproximately(1.16828, 1e-5);
        SoftmaxRegression.Entropy([0.1, 0.5, 0.1, 0.3], 2).Should().BeApproximately(1.68548, 1e-5);
        double[] p = [0.1, 0.4, 0.5], q = [0.3, 0.3, 0.4];
        SoftmaxRegression.KlDivergence(p, q).Should().BeApproximately(0.116783, 1e-6);
        SoftmaxRegression.Entropy(p).Should().BeApproximately(0.943348, 1e-6);
        SoftmaxRegression.CrossEntropy(p, q).Should().BeApproximately(1.060132, 1e-6);
    }

    [Test]
    public void The_softmax_lesson_shows_autograd_equal_to_softmax_minus_y()
    {
        var report = new RecordingReport();

        var result = new SoftmaxRegression().Run(new LessonContext(new LessonOptions(), report, Device));

        ((double)result["gradient_error"]).Should().BeLessThan(1e-12);
        ((bool)result["gradcheck_passed"]).Should().BeTrue();
    }

    [Test]
    public void The_linear_regression_lesson_agrees_with_the_closed_form()
    {
        var report = new RecordingReport();

        var result = new LinearRegression().Run(new LessonContext(new LessonOptions(Quick: true), report, Device));

        ((double)result["w_error"]).Should().BeLessThan(0.01);
        ((double)result["b_error"]).Should().BeLessThan(0.01);
        report.Lines.Should().Contain(l => l.StartsWith("b = 4.2: NLL", StringComparison.Ordinal));
    }
}
