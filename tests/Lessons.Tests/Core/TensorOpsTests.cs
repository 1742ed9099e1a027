using Lessons.Random;
using Lessons.Tests.Support;

namespace Lessons.Tests.Core;

/// <summary>Factories, broadcasting arithmetic, shapes, indexing and conversions.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class TensorOpsTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Factories_fill_as_torch_does()
    {
        Tensor.Zeros([2, 3], backend: B).Should().HaveShape(2, 3).BeAllClose(0, 0, 0, 0, 0, 0);
        Tensor.Ones([2], DType.Float64, B).Should().BeAllClose(1, 1);
        Tensor.Full([3], 2.5, backend: B).Should().BeAllClose(2.5, 2.5, 2.5);
        Tensor.Arange(4, backend: B).Should().BeAllClose(0, 1, 2, 3);
        Tensor.Arange(1, 2, 0.25, DType.Float64, B).Should().BeAllClose(1, 1.25, 1.5, 1.75);
        Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } }, B).Should().HaveShape(2, 2).BeAllClose(1, 2, 3, 4);
        Tensor.Scalar(7, backend: B).Should().HaveShape();
    }

    [Test]
    public void A_fixed_seed_gives_bit_identical_random_tensors()
    {
        var first = Tensor.Normal(0, 1, [1000], new Generator(42), backend: B).ToArray<float>();
        var second = Tensor.Normal(0, 1, [1000], new Generator(42), backend: B).ToArray<float>();
        var other = Tensor.Normal(0, 1, [1000], new Generator(43), backend: B).ToArray<float>();

        first.Should().Equal(second);
        first.Should().NotEqual(other);
        first.Average().Should().BeApproximately(0f, 0.1f);
        Math.Sqrt(first.Select(v => v * v).Average()).Should().BeApproximately(1.0, 0.1);
        var uniform = Tensor.Uniform(-2, 3, [1000], new Generator(1), DType.Float64, B).ToArray<double>();
        uniform.Should().OnlyContain(v => v >= -2 && v < 3);
    }

    [Test]
    public void Arithmetic_broadcasts_like_numpy()
    {
        var x = F32([1, 2, 3, 4, 5, 6], 2, 3);
        var row = F32([10, 20, 30], 3);
        var column = F32([100, 200], 2, 1);

        (x + row).Should().HaveShape(2, 3).BeAllClose(11, 22, 33, 14, 25, 36);
        (x * column).Should().BeAllClose(100, 200, 300, 800, 1000, 1200);
        (row - column).Should().HaveShape(2, 3).BeAllClose(-90, -80, -70, -190, -180, -170);
        (x / 2).Should().BeAllClose(0.5, 1, 1.5, 2, 2.5, 3);
        (1 - x).Should().BeAllClose(0, -1, -2, -3, -4, -5);
        (6 / x).Should().BeAllClose(6, 3, 2, 1.5, 1.2, 1);
    }

    [Test]
    public void Unary_functions_match_their_definitions()
    {
        var x = F64([-2, -0.5, 0, 0.5, 2], 5);
        x.Abs().Should().BeAllClose(2, 0.5, 0, 0.5, 2);
        x.Relu().Should().BeAllClose(0, 0, 0, 0.5, 2);
        x.Sign().Should().BeAllClose(-1, -1, 0, 1, 1);
        x.Square().Should().BeAllClose(4, 0.25, 0, 0.25, 4);
        x.Clamp(-1, 1).Should().BeAllClose(-1, -0.5, 0, 0.5, 1);
        x.Exp().Should().BeAllClose([.. new[] { -2, -0.5, 0, 0.5, 2 }.Select(Math.Exp)], 1e-15, 1e-14);
        x.Sigmoid().Should()
            .BeAllClose([.. new[] { -2, -0.5, 0, 0.5, 2 }.Select(v => 1 / (1 + Math.Exp(-v)))], 1e-15, 1e-14);
        x.Tanh().Should().BeAllClose([.. new[] { -2, -0.5, 0, 0.5, 2 }.Select(Math.Tanh)], 1e-15, 1e-14);
        F64([1e-20], 1).Log1p().Should().BeAllClose([1e-20], 0, 1e-15);
        F32([-1000, 1000], 2).Sigmoid().Should().BeAllClose(0, 1);
        Tensor.Maximum(x, F64([0], 1)).Should().BeAllClose(0, 0, 0, 0.5, 2);
    }

    [Test]
    public void Reductions_along_an_axis_keep_or_drop_it()
    {
        var x = F32([1, 2, 3, 4, 5, 6], 2, 3);

        x.Sum().Should().HaveShape().BeAllClose(21);
        x.Sum(0).Should().HaveShape(3).BeAllClose(5, 7, 9);
        x.Sum(1, keepDim: true).Should().HaveShape(2, 1).BeAllClose(6, 15);
        x.Mean().Should().BeAllClose(3.5);
        x.Mean(-1).Should().BeAllClose(2, 5);
        x.Max(1).Should().BeAllClose(3, 6);
        x.Min(0).Should().BeAllClose(1, 2, 3);
        x.ArgMax(1).ToArray<int>().Should().Equal(2, 2);
        x.ArgMin().Item().Should().Be(0);
        F32([1, 3, 3], 3).ArgMax().Item().Should().Be(1, "ties go to the first maximum");
    }

    [Test]
    public void Shapes_reshape_flatten_and_transpose()
    {
        var x = Tensor.Arange(24, backend: B).Reshape(2, 3, 4);

        x.Reshape(-1, 4).Should().HaveShape(6, 4);
        x.Flatten().Should().HaveShape(24);
        x.Flatten(1).Should().HaveShape(2, 12);
        x.Transpose(0, 2).Should().HaveShape(4, 3, 2);
        x.Transpose(0, 2).ToDoubles()[..3].Should().Equal(0, 12, 4);
        F32([1, 2, 3, 4, 5, 6], 2, 3).T.Should().HaveShape(3, 2).BeAllClose(1, 4, 2, 5, 3, 6);
        F32([1, 2], 2, 1).Expand([2, 3]).Should().BeAllClose(1, 1, 1, 2, 2, 2);
    }

    [Test]
    public void Gather_picks_the_probability_of_each_true_label_as_the_book_does()
    {
        // d2l §3.6: y_hat[[0, 1], y] with y = [0, 2] picks 0.1 and 0.5.
        var yHat = F32([0.1f, 0.3f, 0.6f, 0.3f, 0.2f, 0.5f], 2, 3);
        var y = I32([0, 2], 2);

        yHat.Gather(1, y.Reshape(-1, 1)).Should().HaveShape(2, 1).BeAllClose(0.1, 0.5);
        yHat.IndexSelect(0, I32([1, 1, 0], 3)).Should().HaveShape(3, 3)
            .BeAllClose(0.3, 0.2, 0.5, 0.3, 0.2, 0.5, 0.1, 0.3, 0.6);
        yHat.IndexSelect(1, I32([2, 0], 2)).Should().HaveShape(2, 2).BeAllClose(0.6, 0.1, 0.5, 0.3);
        Tensor.OneHot(y, 3).Should().HaveShape(2, 3).BeAllClose(1, 0, 0, 0, 0, 1);
    }

    [Test]
    public void Comparisons_give_numeric_masks_and_Where_selects()
    {
        var a = F32([1, 5, 3], 3);
        var b = F32([2, 5, 1], 3);

        (a < b).Should().BeAllClose(1, 0, 0);
        (a >= b).Should().BeAllClose(0, 1, 1);
        a.Eq(b).Should().BeAllClose(0, 1, 0);
        (a > 2).Should().BeAllClose(0, 1, 1);
        Tensor.Where(a > 2, a, b).Should().BeAllClose(2, 5, 3);
        I32([1, 2, 3], 3).Eq(I32([1, 0, 3], 3)).Sum().Item().Should().Be(2, "accuracy counts matches on Int32 labels");
    }

    [Test]
    public void Conversions_between_dtypes_and_backends()
    {
        var x = F32([1.7f, -1.7f, 2], 3);

        x.To(DType.Int32).ToArray<int>().Should().Equal(1, -1, 2);
        var wide = x.To(DType.Float64);
        wide.DType.Should().Be(DType.Float64);
        wide.ToArray<double>().Should().Equal(1.7f, -1.7f, 2f); // the float32 values, widened exactly
        x.To(TestBackends.Cpu).Should().BeAllClose(1.7, -1.7, 2);
        F32([4], 1).Item().Should().Be(4);
    }

    [Test]
    public void MatMul_follows_torch_for_vectors()
    {
        var m = F32([1, 2, 3, 4, 5, 6], 2, 3);
        var v = F32([1, 0, -1], 3);

        v.MatMul(v).Should().HaveShape().BeAllClose(2);
        m.MatMul(v).Should().HaveShape(2).BeAllClose(-2, -2);
        F32([1, 1], 2).MatMul(m).Should().HaveShape(3).BeAllClose(5, 7, 9);
    }

    [Test]
    public void Stable_softmax_survives_logits_that_overflow_exp()
    {
        var logits = F32([100, 0, -100], 1, 3);

        logits.Softmax().Should().BeAllClose([1, Math.Exp(-100), 0], 1e-30, 1e-5);
        logits.LogSoftmax().Should().BeAllClose(0, -100, -200);
        Tensor.SoftmaxCrossEntropy(logits, I32([2], 1)).Should().BeAllClose(200);
        Tensor.SoftmaxCrossEntropy(F32(new float[10], 1, 10), I32([3], 1))
            .Should().BeAllClose([Math.Log(10)], 1e-6, 1e-6);
    }
}
