using Lessons.Autograd;
using Lessons.NN;
using Lessons.Random;
using Lessons.Tests.Support;

namespace Lessons.Tests.NN;

/// <summary>nn.Linear: torch's layout and initialisation, x·Wᵀ + b for any batch shape, and its gradients.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class LinearTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Weight_is_stored_out_by_in_and_initialised_uniform_within_one_over_sqrt_in()
    {
        var layer = new Linear(16, 300, generator: new Generator(1));

        layer.Weight.Should().HaveShape(300, 16);
        layer.Bias!.Should().HaveShape(300);
        layer.Weight.Backend.Should().BeSameAs(B);
        layer.Weight.RequiresGrad.Should().BeTrue();
        var weights = layer.Weight.ToDoubles();
        weights.Should().OnlyContain(w => Math.Abs(w) <= 0.25);
        weights.Max().Should().BeGreaterThan(0.24);
        weights.Min().Should().BeLessThan(-0.24);
        layer.Bias!.ToDoubles().Should().OnlyContain(b => Math.Abs(b) <= 0.25);
    }

    [Test]
    public void The_same_generator_seed_gives_the_same_layer()
    {
        var a = new Linear(3, 2, generator: new Generator(7));
        var b = new Linear(3, 2, generator: new Generator(7));

        a.Weight.Should().BeAllClose(b.Weight, 0, 0);
        a.Bias!.Should().BeAllClose(b.Bias!, 0, 0);
    }

    [Test]
    public void Forward_is_x_times_w_transposed_plus_b_for_rows_batches_and_more_dimensions()
    {
        var layer = new Linear(3, 2, generator: new Generator(3), dtype: DType.Float64);
        var X = Tensor.Normal(0, 1, [4, 3], new Generator(4), DType.Float64, B);
        var expected = HostMath.Linear(X.ToDoubles(), 4, layer.Weight.ToDoubles(), 2, layer.Bias!.ToDoubles());

        layer.Forward(X).Should().HaveShape(4, 2).BeAllClose(expected, 1e-12, 1e-12);
        layer.Forward(X.Reshape(2, 2, 3)).Should().HaveShape(2, 2, 2).BeAllClose(expected, 1e-12, 1e-12);
        var row = X.IndexSelect(0, I32([1], 1)).Reshape(3);
        layer.Forward(row).Should().HaveShape(2).BeAllClose(expected[2..4], 1e-12, 1e-12);
    }

    [Test]
    public void Without_bias_there_is_one_parameter()
    {
        var layer = new Linear(3, 2, bias: false);

        (layer.Bias is null).Should().BeTrue();
        layer.NamedParameters().Select(p => p.Name).Should().Equal("weight");
        layer.ToString().Should().Be("Linear(in_features=3, out_features=2, bias=False)");
    }

    [Test]
    public void An_input_of_the_wrong_width_is_an_error_naming_both_sizes()
    {
        var layer = new Linear(784, 10);

        var act = () => layer.Forward(Tensor.Zeros([2, 28, 28], backend: B));

        act.Should().Throw<ArgumentException>()
            .WithMessage("Linear: input of shape (2x28x28) does not end in in_features=784*");
    }

    [Test]
    public void Gradients_of_input_weight_and_bias_check_out()
    {
        var generator = new Generator(5);
        var X = Tensor.Normal(0, 1, [4, 3], generator, DType.Float64, B);
        var W = Tensor.Normal(0, 1, [2, 3], generator, DType.Float64, B);
        var b = Tensor.Normal(0, 1, [2], generator, DType.Float64, B);

        GradCheck.Assert(t => t[0].MatMulTransposed(t[1]) + t[2], [X, W, b]);
        GradCheck.Assert(t => t[0].MatMulTransposed(t[1]), [X.IndexSelect(0, I32([2], 1)).Reshape(3), W]);
    }

    [Test]
    public void Backward_fills_weight_grad_with_the_shape_of_the_weight()
    {
        var layer = new Linear(3, 2, dtype: DType.Float64);
        var X = F64([1, 2, 3, 4, 5, 6], 2, 3);

        layer.Forward(X).Sum().Backward();

        // ∂Σ(XWᵀ + b)/∂W[j, k] = Σ_n X[n, k]; ∂/∂b[j] = n.
        layer.Weight.Grad!.Should().HaveShape(2, 3).BeAllClose([5, 7, 9, 5, 7, 9], 0, 0);
        layer.Bias!.Grad!.Should().BeAllClose([2, 2], 0, 0);
    }

    [Test]
    public void MatMulTransposed_names_both_shapes_when_the_inner_dimensions_differ()
    {
        var act = () => Tensor.Zeros([2, 3], backend: B).MatMulTransposed(Tensor.Zeros([4, 5], backend: B));

        act.Should().Throw<ArgumentException>()
            .WithMessage("MatMulTransposed: (2x3) @ (4x5)ᵀ: inner dimensions 3 and 5 differ.");
    }
}
