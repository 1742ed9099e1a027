using Lessons.Autograd;
using Lessons.Tests.Support;

namespace Lessons.Tests.Core;

/// <summary>
/// The edges where ops once disagreed with torch 1.13, each pinned by a test of its own: Minimum's gradient under
/// broadcasting, the check Backward makes on every gradient a rule returns, 0-d tensors reduced along axis 0 or
/// −1, and ties in a full Max()/Min().
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class OpEdgeTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Minimum_under_broadcasting_sends_each_gradient_to_its_own_input()
    {
        var a = F64([1, 5, 2, 0, 7, -1], 2, 3);
        var b = F64([3, 3, 3], 3);
        a.RequiresGrad = true;
        b.RequiresGrad = true;

        Tensor.Minimum(a, b).Sum().Backward();

        a.Grad!.Should().HaveShape(2, 3).BeAllClose(1, 0, 1, 1, 0, 1);
        b.Grad!.Should().HaveShape(3).BeAllClose(0, 2, 0);
    }

    [Test]
    public void Minimum_and_maximum_share_a_tie_between_a_row_and_a_broadcast_column()
    {
        var a = F64([2, 1, 4], 3);
        var b = F64([2, 2], 2, 1);
        a.RequiresGrad = true;
        b.RequiresGrad = true;

        (Tensor.Minimum(a, b) + (2 * Tensor.Maximum(a, b))).Sum().Backward();

        // per pair: min goes to the smaller, max to the larger, a tie gives half of each to both
        a.Grad!.Should().BeAllClose(2 * 1.5, 2 * 1, 2 * 2);
        b.Grad!.Should().HaveShape(2, 1).BeAllClose(1.5 + 2 + 1, 1.5 + 2 + 1);
    }

    [Test]
    public void Backward_refuses_a_gradient_of_the_wrong_dtype_naming_the_op_the_input_and_both_shapes()
    {
        var x = F64([1, 2, 3, 4, 5, 6], 2, 3);
        x.RequiresGrad = true;
        Tensor y;
        using (Tensor.NoGrad())
        {
            y = x * 2;
        }

        var twice = Function.Apply("Twice", y, [x], g => [(g * 2).To(DType.Float32)]);

        var act = () => twice.Sum().Backward();

        act.Should().Throw<InvalidOperationException>()
            .WithMessage("Backward: TwiceBackward returned a gradient of shape (2x3) (Float32) for input 0, which " +
                "has shape (2x3) (Float64)*");
    }

    [Test]
    public void Backward_refuses_a_rule_that_returns_too_few_gradients()
    {
        var x = F64([1, 2], 2);
        x.RequiresGrad = true;
        var y = Tensor.Record("Lossy", x * 1, [x, x], g => [g]);

        var act = () => y.Sum().Backward();

        act.Should().Throw<InvalidOperationException>()
            .WithMessage("*LossyBackward returned 1 gradients for 2 inputs*");
    }

    [TestCase(0, false)]
    [TestCase(-1, false)]
    [TestCase(0, true)]
    [TestCase(-1, true)]
    public void A_0d_tensor_reduced_along_its_axis_is_itself(int axis, bool keepDim)
    {
        var x = F64([2.5]).Reshape();
        x.RequiresGrad = true;

        var results = new[]
        {
            x.Sum(axis, keepDim), x.Mean(axis, keepDim), x.Max(axis, keepDim), x.Min(axis, keepDim),
        };

        foreach (var y in results)
        {
            y.Should().HaveShape().BeAllClose(2.5);
        }

        x.ArgMax(axis, keepDim).Should().HaveShape();
        x.ArgMax(axis, keepDim).Item().Should().Be(0);
        x.ArgMin(axis, keepDim).Item().Should().Be(0);
        results.Aggregate((s, y) => s + y).Backward();
        x.Grad!.Should().HaveShape().BeAllClose(4);
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void The_softmax_of_a_0d_tensor_is_1_and_its_gradient_0(int axis)
    {
        var x = F64([0.7]).Reshape();
        x.RequiresGrad = true;

        var softmax = x.Softmax(axis);
        var logSoftmax = x.LogSoftmax(axis);
        (softmax + logSoftmax).Backward();

        softmax.Should().HaveShape().BeAllClose(1);
        logSoftmax.Should().HaveShape().BeAllClose(0);
        x.Grad!.Should().HaveShape().BeAllClose(0);
    }

    [Test]
    public void Max_and_Min_of_everything_split_the_gradient_evenly_among_ties()
    {
        var x = F64([1, 3, 3, 2, 3, 0], 2, 3);
        x.RequiresGrad = true;
        var z = F64([-1, 3, -1, 2, 3, 0], 2, 3);
        z.RequiresGrad = true;

        x.Max().Backward(F64([6]).Reshape());
        z.Min().Backward(F64([4]).Reshape());

        x.Grad!.Should().BeAllClose(0, 2, 2, 0, 2, 0);
        z.Grad!.Should().BeAllClose(2, 0, 2, 0, 0, 0);
    }

    [Test]
    public void Max_along_an_axis_still_sends_a_tie_to_the_first_winner()
    {
        var x = F64([1, 3, 3, 2, 2, 0], 2, 3);
        x.RequiresGrad = true;

        x.Max(1).Sum().Backward();

        x.Grad!.Should().BeAllClose(0, 1, 0, 1, 0, 0);
    }

    [Test]
    public void Max_of_everything_with_a_NaN_sends_the_gradient_to_the_NaN()
    {
        var x = F64([1, double.NaN, 2], 3);
        x.RequiresGrad = true;

        var y = x.Max();
        y.Backward();

        double.IsNaN(y.Item()).Should().BeTrue();
        x.Grad!.Should().BeAllClose(0, 1, 0);
    }
}
