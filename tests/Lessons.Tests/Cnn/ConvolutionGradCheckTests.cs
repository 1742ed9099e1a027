using Lessons.Autograd;
using Lessons.Random;
using Lessons.Tests.Support;

namespace Lessons.Tests.Cnn;

/// <summary>
/// Conv2d, MaxPool2d and AvgPool2d: every analytic gradient against central differences in float64 (torch's
/// gradcheck defaults), over kernel sizes, strides, paddings, with and without a bias.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class ConvolutionGradCheckTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Conv2d_gradients_match_central_differences(
        [Values(1, 3, 5)] int kernel, [Values(1, 2)] int stride, [Values(0, 1, 2)] int padding, [Values] bool bias)
    {
        var generator = new Generator((kernel * 100) + (stride * 10) + padding);
        var x = Normal(generator, 2, 2, 7, 6);
        var w = Normal(generator, 3, 2, kernel, kernel);
        Tensor[] inputs = bias ? [x, w, Normal(generator, 3)] : [x, w];

        var report = GradCheck.Check(t => t[0].Conv2d(t[1], bias ? t[2] : null, stride, padding), inputs);

        report.Passed.Should().BeTrue(report.Failure?.ToString());
        report.EntriesChecked.Should().BePositive();
    }

    [Test]
    public void Conv2d_of_an_unbatched_image_with_a_rectangular_kernel()
    {
        var generator = new Generator(7);
        GradCheck.Assert(t => t[0].Conv2d(t[1], t[2], stride: 2, padding: 1),
            [Normal(generator, 2, 5, 6), Normal(generator, 3, 2, 2, 3), Normal(generator, 3)]);
    }

    [Test]
    public void MaxPool2d_gradient_goes_to_the_maximum(
        [Values(2, 3)] int kernel, [Values(null, 1, 2)] int? stride, [Values(0, 1)] int padding)
    {
        var x = Distinct(new Generator(kernel + (stride ?? 0)), 2, 2, 6, 7);

        GradCheck.Assert(t => t[0].MaxPool2d(kernel, stride, padding), [x]);
    }

    [Test]
    public void AvgPool2d_gradient_shares_the_window_mean(
        [Values(2, 3)] int kernel, [Values(null, 1, 2)] int? stride, [Values(0, 1)] int padding)
    {
        var x = Normal(new Generator(kernel + (stride ?? 0)), 2, 2, 6, 7);

        GradCheck.Assert(t => t[0].AvgPool2d(kernel, stride, padding), [x]);
    }

    [Test]
    public void A_lenet_shaped_stack_has_correct_gradients()
    {
        var generator = new Generator(11);
        var x = Normal(generator, 2, 1, 12, 12);
        var w1 = Normal(generator, 2, 1, 5, 5);
        var w2 = Normal(generator, 3, 2, 3, 3);

        GradCheck.Assert(
            t => t[0].Conv2d(t[1], padding: 2).Sigmoid().AvgPool2d(2).Conv2d(t[2]).Sigmoid().MaxPool2d(2),
            [x, w1, w2]);
    }

    private Tensor Normal(Generator generator, params int[] shape)
    {
        var values = new double[new Shape(shape).Numel];
        generator.FillNormal(values, 0, 1);
        return F64(values, shape);
    }

    /// <summary>A shuffled grid of values 0.01 apart: no two elements of a window within the step of the
    /// numeric derivative of each other, so the maximum never changes hands during the check.</summary>
    private Tensor Distinct(Generator generator, params int[] shape)
    {
        var n = new Shape(shape).Numel;
        var keys = new double[n];
        generator.FillNormal(keys, 0, 1);
        var order = Enumerable.Range(0, n).OrderBy(i => keys[i]).ToArray();
        var values = new double[n];
        for (var rank = 0; rank < n; rank++)
        {
            values[order[rank]] = (rank - (n / 2)) * 0.01;
        }

        return F64(values, shape);
    }
}
