using Lessons.NN;
using Lessons.Random;
using Lessons.Tests.Support;

namespace Lessons.Tests.NN;

/// <summary>nn.init in place on parameters that require grad, in their own dtype and backend.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class InitTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Normal_draws_with_the_requested_mean_and_std()
    {
        var weight = Tensor.Zeros([100, 100], DType.Float64, Device, requiresGrad: true);

        Init.Normal(weight, mean: 1, std: 0.5, new Generator(3));

        var values = weight.ToDoubles();
        var mean = values.Average();
        mean.Should().BeApproximately(1, 0.02);
        Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average()).Should().BeApproximately(0.5, 0.01);
        weight.RequiresGrad.Should().BeTrue();
        weight.IsLeaf.Should().BeTrue();
    }

    [Test]
    public void Uniform_constant_zeros_and_ones_fill_in_place()
    {
        var p = Tensor.Zeros([2, 3], backend: Device, requiresGrad: true);

        Init.Uniform(p, -0.1, 0.1, new Generator(1)).ToDoubles().Should().OnlyContain(v => Math.Abs(v) <= 0.1);
        Init.Constant(p, 0.25).Should().BeAllClose(0.25, 0.25, 0.25, 0.25, 0.25, 0.25);
        Init.Ones(p).Should().BeAllClose(1, 1, 1, 1, 1, 1);
        Init.Zeros(p).Should().BeAllClose(0, 0, 0, 0, 0, 0);
    }

    [Test]
    public void The_default_generator_makes_layers_reproducible_when_reseeded()
    {
        var saved = Init.DefaultGenerator;
        try
        {
            Init.DefaultGenerator = new Generator(5);
            var a = new Linear(4, 3).Weight.ToDoubles();
            Init.DefaultGenerator = new Generator(5);
            var b = new Linear(4, 3).Weight.ToDoubles();

            a.Should().Equal(b);
        }
        finally
        {
            Init.DefaultGenerator = saved;
        }
    }
}
