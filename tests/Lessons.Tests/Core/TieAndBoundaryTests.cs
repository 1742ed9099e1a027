using Lessons.Tests.Support;

namespace Lessons.Tests.Core;

/// <summary>
/// Where random inputs never go: ties, values exactly at a bound, comparisons at equality. Each expected value is
/// torch 1.13's (written out by hand here, the rule in the comment): torch.maximum / torch.minimum split the
/// gradient evenly on a tie, clamp passes it at its bounds, max(dim) sends it to the index it returned.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class TieAndBoundaryTests(string backend) : BackendFixture(backend)
{
    // a wins, tie, b wins... with upstream weights w = [1, 2, 3, 4] so each element's share is visible.
    private static readonly double[] A = [1, 2, 3, 2];
    private static readonly double[] Bv = [2, 2, 1, 2];
    private static readonly double[] W = [1, 2, 3, 4];

    [Test]
    public void Maximum_gives_the_gradient_to_the_larger_input_and_splits_it_on_a_tie()
    {
        var (a, b) = (Leaf(A), Leaf(Bv));

        var y = Tensor.Maximum(a, b);
        (y * F64(W, 4)).Sum().Backward();

        y.Should().BeAllClose(2, 2, 3, 2);
        a.Grad!.Should().BeAllClose([0, 1, 3, 2], 0, 0); // torch: [0, 1, 3, 2]
        b.Grad!.Should().BeAllClose([1, 1, 0, 2], 0, 0); // torch: [1, 1, 0, 2]
    }

    [Test]
    public void Minimum_gives_the_gradient_to_the_smaller_input_and_splits_it_on_a_tie()
    {
        var (a, b) = (Leaf(A), Leaf(Bv));

        var y = Tensor.Minimum(a, b);
        (y * F64(W, 4)).Sum().Backward();

        y.Should().BeAllClose(1, 2, 1, 2);
        a.Grad!.Should().BeAllClose([1, 1, 0, 2], 0, 0);
        b.Grad!.Should().BeAllClose([0, 1, 3, 2], 0, 0);
    }

    [Test]
    public void Clamp_passes_the_gradient_at_its_bounds_and_stops_it_outside()
    {
        var x = Leaf([-1.5, -1, -0.5, 0, 1, 2]);

        var y = x.Clamp(-1, 1);
        (y * F64([1, 2, 3, 4, 5, 6], 6)).Sum().Backward();

        y.Should().BeAllClose([-1, -1, -0.5, 0, 1, 1], 0, 0);
        x.Grad!.Should().BeAllClose([0, 2, 3, 4, 5, 0], 0, 0); // torch: min ≤ x ≤ max passes
    }

    [Test]
    public void Clamp_with_one_bound_leaves_the_other_side_open()
    {
        var x = F64([-3, 0, 3], 3);

        x.Clamp(min: 0).Should().BeAllClose([0, 0, 3], 0, 0);
        x.Clamp(max: 0).Should().BeAllClose([-3, 0, 0], 0, 0);
        ((Action)(() => x.Clamp(1, 0))).Should().Throw<ArgumentException>()
            .WithMessage("Clamp: min 1 is greater than max 0.");
        x.Clamp(2, 2).Should().BeAllClose([2, 2, 2], 0, 0); // min = max is allowed, as torch
    }

    [Test]
    public void Relu_and_abs_have_a_zero_gradient_at_the_kink()
    {
        var x = Leaf([-1, 0, 1]);
        var z = Leaf([-1, 0, 1]);

        x.Relu().Sum().Backward();
        z.Abs().Sum().Backward();

        x.Grad!.Should().BeAllClose([0, 0, 1], 0, 0);
        z.Grad!.Should().BeAllClose([-1, 0, 1], 0, 0);
        F64([-2, -0.0, 0, 3], 4).Sign().Should().BeAllClose([-1, 0, 0, 1], 0, 0);
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void Comparisons_between_tensors_at_below_and_above_equality(DType dtype)
    {
        var a = Tensor.FromArray(new double[] { 1, 2, 3 }, new Shape(3), B).To(dtype);
        var b = Tensor.FromArray(new double[] { 2, 2, 2 }, new Shape(3), B).To(dtype);

        (a < b).Should().BeAllClose([1, 0, 0], 0, 0);
        (a <= b).Should().BeAllClose([1, 1, 0], 0, 0);
        (a > b).Should().BeAllClose([0, 0, 1], 0, 0);
        (a >= b).Should().BeAllClose([0, 1, 1], 0, 0);
        a.Eq(b).Should().BeAllClose([0, 1, 0], 0, 0);
        a.Ne(b).Should().BeAllClose([1, 0, 1], 0, 0);
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    [TestCase(DType.Int32)]
    public void Comparisons_with_a_number_at_below_and_above_equality(DType dtype)
    {
        var a = Tensor.FromArray(new double[] { 1, 2, 3 }, new Shape(3), B).To(dtype);

        (a < 2).Should().BeAllClose([1, 0, 0], 0, 0);
        (a <= 2).Should().BeAllClose([1, 1, 0], 0, 0);
        (a > 2).Should().BeAllClose([0, 0, 1], 0, 0);
        (a >= 2).Should().BeAllClose([0, 1, 1], 0, 0);
        a.Eq(2).Should().BeAllClose([0, 1, 0], 0, 0);
    }

    [Test]
    public void Comparisons_broadcast_and_hold_no_graph()
    {
        var row = Leaf([1, 2, 3]);
        var column = F64([2, 3], 2, 1);

        var mask = row >= column;

        mask.Should().HaveShape(2, 3).BeAllClose([0, 1, 1, 0, 0, 1], 0, 0);
        mask.RequiresGrad.Should().BeFalse();
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void Max_and_min_along_an_axis_send_the_gradient_to_the_first_winner(DType dtype)
    {
        // torch: x = [[1, 3, 3], [2, 2, 1]]: max(1) = ([3, 2], indices [1, 0]); min(1) = ([1, 1], [0, 2]).
        var x = Tensor.FromArray(new double[] { 1, 3, 3, 2, 2, 1 }, new Shape(2, 3), B).To(dtype);
        x.RequiresGrad = true;

        var max = x.Max(1);
        (max * Tensor.FromArray(new double[] { 1, 2 }, new Shape(2), B).To(dtype)).Sum().Backward();

        max.Should().BeAllClose([3, 2], 0, 0);
        x.ArgMax(1).ToArray<int>().Should().Equal(1, 0);
        x.Grad!.Should().BeAllClose([0, 1, 0, 2, 0, 0], 0, 0);
        x.Min(1).Should().BeAllClose([1, 1], 0, 0);
        x.ArgMin(1).ToArray<int>().Should().Equal(0, 2);
        x.Max(0).Should().BeAllClose([2, 3, 3], 0, 0);
        x.ArgMax(0).ToArray<int>().Should().Equal(1, 0, 0);
        x.Min(0, keepDim: true).Should().HaveShape(1, 3).BeAllClose([1, 2, 1], 0, 0);
        x.ArgMin(0).ToArray<int>().Should().Equal(0, 1, 1);
    }

    [Test]
    public void Min_along_an_axis_sends_the_gradient_to_the_first_smallest()
    {
        var x = Leaf([2, 1, 1, 5, 4, 4], 3, 2);

        var min = x.Min(0, keepDim: true);
        (min * F64([1, 2], 1, 2)).Sum().Backward();

        min.Should().BeAllClose([1, 1], 0, 0);
        x.Grad!.Should().BeAllClose([0, 2, 1, 0, 0, 0], 0, 0); // column 0: index 1 (first 1); column 1: index 0
    }

    [Test]
    public void A_nan_wins_argmax_and_argmin_as_in_torch()
    {
        var x = F64([1, double.NaN, 3, 0, 5, double.NaN], 2, 3);

        x.ArgMax(1).ToArray<int>().Should().Equal(1, 2);
        x.ArgMin(1).ToArray<int>().Should().Equal(1, 2);
        x.Reshape(-1).ArgMax().Item().Should().Be(1);
        x.ArgMax(0).ToArray<int>().Should().Equal(0, 0, 1);
        F64([double.NaN, double.NaN, 1], 3).ArgMax().Item().Should().Be(0, "the first NaN wins");
        F64([2, double.NaN, double.NaN], 3).ArgMin().Item().Should().Be(1);
    }

    private Tensor Leaf(double[] values, params int[] shape)
    {
        var t = F64(values, shape.Length == 0 ? [values.Length] : shape);
        t.RequiresGrad = true;
        return t;
    }
}
