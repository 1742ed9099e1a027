using Lessons.NN;
using Lessons.Random;
using Lessons.Tests.Support;

namespace Lessons.Tests.NN;

/// <summary>Dropout (d2l §4.6): inverted scaling in training, identity in evaluation, seeded masks.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class DropoutTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Training_zeroes_about_p_of_the_elements_and_scales_the_rest_by_one_over_one_minus_p()
    {
        var dropout = new Dropout(0.3, new Generator(1));
        var x = Tensor.Ones([100, 100], backend: Device);

        var values = dropout.Forward(x).ToDoubles();

        values.Should().OnlyContain(v => v == 0 || Math.Abs(v - (1 / 0.7)) < 1e-6);
        values.Count(v => v == 0).Should().BeInRange(2800, 3200);
        values.Average().Should().BeApproximately(1, 0.03);
    }

    [Test]
    public void The_gradient_is_the_mask()
    {
        var dropout = new Dropout(0.5, new Generator(2));
        var x = Tensor.Ones([4, 5], backend: Device, requiresGrad: true);

        var y = dropout.Forward(x);
        y.Sum().Backward();

        x.Grad!.Should().BeAllClose(y.ToDoubles(), 0, 0);
    }

    [Test]
    public void Evaluation_and_p_zero_pass_the_input_through_and_p_one_drops_everything()
    {
        var x = F32([1, 2, 3], 3);

        ReferenceEquals(new Dropout(0.5).Eval().Forward(x), x).Should().BeTrue();
        ReferenceEquals(new Dropout(0).Forward(x), x).Should().BeTrue();
        new Dropout(1).Forward(x).Should().BeAllClose(0, 0, 0);
    }

    [Test]
    public void The_same_seed_drops_the_same_elements()
    {
        var x = Tensor.Ones([50], backend: Device);

        var a = new Dropout(0.5, new Generator(9)).Forward(x).ToDoubles();
        var b = new Dropout(0.5, new Generator(9)).Forward(x).ToDoubles();

        a.Should().Equal(b);
    }

    [Test]
    public void A_probability_outside_zero_to_one_is_refused()
    {
        var act = () => new Dropout(1.5);

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Dropout: probability has to be between 0 and 1, but got 1.5.*");
    }
}
