using Lessons.Tests.Support;

namespace Lessons.Tests.Core;

/// <summary>The shape, product and reduction ops added for the next chapters say what was wrong in the user's words,
/// and accept 0-d tensors where torch does.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class NewOpTests(string backend) : BackendFixture(backend)
{
    [TestCase(0, false)]
    [TestCase(-1, true)]
    public void A_0d_tensor_reduced_by_the_new_reductions_is_itself(int axis, bool keepDim)
    {
        var x = F64([2.5]).Reshape();
        x.RequiresGrad = true;

        var results = new[]
        {
            x.Sum([axis], keepDim), x.Mean([axis], keepDim), x.LogSumExp(axis, keepDim), x.Prod(axis, keepDim),
            x.CumSum(axis), x.Flip(axis), x.Squeeze(axis), x.Unsqueeze(axis).Squeeze(axis),
        };

        foreach (var y in results)
        {
            y.Should().HaveShape().BeAllClose(2.5);
        }

        results.Aggregate((s, y) => s + y).Backward();
        x.Grad!.Should().HaveShape().BeAllClose(8);
    }

    [Test]
    public void A_0d_tensor_transposed_with_itself_is_itself_and_its_shape_has_no_sizes_to_read()
    {
        var x = F64([1.5]).Reshape();
        x.RequiresGrad = true;

        var y = x.Transpose(0, -1);
        y.Backward(F64([2]).Reshape());

        y.Should().HaveShape().BeAllClose(1.5);
        x.Grad!.Should().HaveShape().BeAllClose(2);
        FluentActions.Invoking(() => x.Shape[0]).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Shape: the 0-d shape () has no dimension 0; a scalar has no sizes to read.*");
    }

    [Test]
    public void Var_of_one_element_is_NaN_unbiased_and_0_biased_as_in_torch()
    {
        var x = F64([1.5, -2], 1, 2);

        double.IsNaN(x.Var(0).ToDoubles()[0]).Should().BeTrue();
        x.Var(0, unbiased: false).Should().HaveShape(2).BeAllClose(0, 0);
    }

    [Test]
    public void Sum_over_an_empty_list_of_axes_sums_everything_as_torch_1_13()
    {
        var x = F64([1, 2, 3, 4, 5, 6], 2, 3);

        x.Sum([]).Should().HaveShape().BeAllClose(21);
        x.Mean([], keepDim: true).Should().HaveShape(1, 1).BeAllClose(3.5);
    }

    [Test]
    public void Prod_of_an_empty_axis_is_1()
    {
        var x = F64([], 2, 0);

        x.Prod(1).Should().HaveShape(2).BeAllClose(1, 1);
        x.Prod().Should().HaveShape().BeAllClose(1);
    }

    [Test]
    public void Prod_of_everything_passes_a_gradient_only_to_a_lone_zero()
    {
        // torch's prod_backward: no zero, y/xₖ; one zero, the product of the rest goes to it alone; two, nothing.
        var oneZero = F64([0, 2, 3], 3);
        var twoZeros = F64([0, 2, 0, 3], 4);
        oneZero.RequiresGrad = twoZeros.RequiresGrad = true;

        oneZero.Prod().Backward();
        twoZeros.Prod().Backward();

        oneZero.Grad!.Should().BeAllClose(6, 0, 0);
        twoZeros.Grad!.Should().BeAllClose(0, 0, 0, 0);
    }

    [Test]
    public void Bad_arguments_to_the_new_ops_say_what_was_wrong()
    {
        var x = F64([1, 2, 3, 4, 5, 6], 2, 3);

        FluentActions.Invoking(() => x.Permute(0)).Should().Throw<ArgumentException>()
            .WithMessage("Permute: shape (2x3) has 2 axes but (0) names 1.");
        FluentActions.Invoking(() => x.Permute(1, -1)).Should().Throw<ArgumentException>()
            .WithMessage("*names an axis twice*");
        FluentActions.Invoking(() => x.Unsqueeze(3)).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Unsqueeze: axis 3 is out of range for shape (2x3) (expected -3..2).*");
        FluentActions.Invoking(() => Tensor.Cat([x, F64([1, 2], 2, 1)], 0)).Should().Throw<ArgumentException>()
            .WithMessage("Cat: tensor 1 has shape (2x1), which does not match tensor 0's (2x3) on every axis but *");
        FluentActions.Invoking(() => Tensor.Stack([x, x.Reshape(3, 2)], 0)).Should().Throw<ArgumentException>()
            .WithMessage("Stack: every tensor must have the same shape; tensor 0 is (2x3), tensor 1 is (3x2).");
        FluentActions.Invoking(() => Tensor.Cat([], 0)).Should().Throw<ArgumentException>()
            .WithMessage("Cat: expected at least one tensor, got an empty list.");
        FluentActions.Invoking(() => x.Reshape(1, 2, 3).MatMul(F64(new double[8], 2, 4, 1)))
            .Should().Throw<ArgumentException>()
            .WithMessage("MatMul: (1x2x3) @ (2x4x1): inner dimensions 3 and 4 differ.");
        FluentActions.Invoking(() => x.Reshape(3, 2, 1).MatMul(F64(new double[2], 2, 1, 1)))
            .Should().Throw<ArgumentException>().WithMessage("MatMul (batch dimensions): shapes (3) and (2) cannot*");
        FluentActions.Invoking(() => x.Reshape(1, 2, 3).Bmm(F64(new double[6], 2, 3, 1)))
            .Should().Throw<ArgumentException>().WithMessage("Bmm: (1x2x3) @ (2x3x1): batch sizes 1 and 2 differ.");
        FluentActions.Invoking(() => x.Bmm(x)).Should().Throw<ArgumentException>()
            .WithMessage("Bmm: (2x3) @ (2x3): both operands must be 3-D (batch, rows, cols).");
        FluentActions.Invoking(() => x.Sum([1, -1])).Should().Throw<ArgumentException>()
            .WithMessage("Sum: axes (1, -1) name an axis twice for shape (2x3).");
    }
}
