using Lessons.Losses;
using Lessons.Random;
using Lessons.Tests.Support;

namespace Lessons.Tests.Core;

/// <summary>
/// torch computes an input's gradient only when that input requires one (<c>ctx.needs_input_grad</c>); the rules
/// whose gradient is a whole product or convolution do the same, so the data X of a layer never costs a product.
/// Each test runs a rule through its graph node and checks which inputs got a gradient: a rule that computed one
/// for an input that wants none would waste the time silently (Backward drops it), which no value can show.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class NeedsInputGradTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Products_compute_the_gradient_of_the_operand_that_wants_one_only()
    {
        var data = Normal(1, [4, 3]);
        var weight = Normal(2, [3, 5], requiresGrad: true);
        var transposedWeight = Normal(3, [5, 3], requiresGrad: true);

        Wanted(data.MatMul(weight)).Should().Equal(false, true);
        Wanted(weight.T.MatMul(data.T)).Should().Equal(true, false);
        Wanted(data.MatMulTransposed(transposedWeight)).Should().Equal(false, true);
        Wanted(transposedWeight.MatMulTransposed(data)).Should().Equal(true, false);
    }

    [Test]
    public void Conv2d_computes_no_bias_gradient_for_a_bias_that_wants_none()
    {
        var x = Normal(4, [1, 2, 5, 5]);
        var weight = Normal(5, [3, 2, 3, 3], requiresGrad: true);

        Wanted(x.Conv2d(weight, Normal(6, [3]))).Should().Equal(false, true, false);
        Wanted(x.Conv2d(weight, Normal(7, [3], requiresGrad: true))).Should().Equal(false, true, true);
    }

    [Test]
    public void Losses_compute_no_target_gradient_for_a_target_that_wants_none()
    {
        var probabilities = Normal(8, [6]).Sigmoid();
        probabilities.RequiresGrad = true;
        var squaredInput = Normal(9, [6], requiresGrad: true);

        Wanted(Functional.BinaryCrossEntropy(probabilities, Normal(10, [6]).Sigmoid(), reduction: Reduction.None))
            .Should().Equal(true, false);
        Wanted(Functional.BinaryCrossEntropy(probabilities, Normal(11, [6], requiresGrad: true).Sigmoid(),
            reduction: Reduction.None)).Should().Equal(true, true);
        Wanted(Tensor.SquaredLoss(squaredInput, Normal(12, [6]))).Should().Equal(true, false);
        Wanted(Tensor.SquaredLoss(squaredInput, Normal(13, [6], requiresGrad: true))).Should().Equal(true, true);
    }

    /// <summary>For each input of <paramref name="y"/>'s node, whether its rule returned a gradient.</summary>
    private static bool[] Wanted(Tensor y) =>
        [.. y.GradFn!.Rule!(Tensor.OnesLike(y)).Select(gradient => gradient is not null)];

    private Tensor Normal(int seed, int[] shape, bool requiresGrad = false) =>
        Tensor.Normal(0, 1, shape, new Generator(seed), DType.Float64, Device, requiresGrad);
}
