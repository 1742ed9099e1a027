using Lessons.Tests.Support;

namespace Lessons.Tests.Cnn;

/// <summary>
/// The values and shapes of Conv2d, MaxPool2d and AvgPool2d at the edges torch defines: d2l's worked examples,
/// the output-shape formula of §6.3, the stride defaults, −∞ and zero padding, ties and NaN, and the errors.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class ConvolutionOpsTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Conv2d_reproduces_d2l_corr2d_example()
    {
        // d2l §6.2: corr2d(X = arange(9).reshape(3, 3), K = [[0, 1], [2, 3]]) = [[19, 25], [37, 43]]
        var x = Tensor.Arange(9, backend: Device).Reshape(1, 1, 3, 3);
        var k = F32([0, 1, 2, 3], 1, 1, 2, 2);

        x.Conv2d(k).Should().BeAllClose([19, 25, 37, 43], 0, 0);
    }

    [Test]
    public void Conv2d_adds_the_bias_of_each_output_channel()
    {
        var x = Tensor.Ones([1, 2, 2, 2], backend: Device);
        var w = F32([1, 1, 2, 2], 2, 2, 1, 1);

        x.Conv2d(w, F32([10, -10], 2)).Should().BeAllClose([12, 12, 12, 12, -6, -6, -6, -6], 0, 0);
    }

    [TestCase(8, 8, 3, 1, 1, 8, 8, TestName = "§6.3.1 k3 p1 keeps 8x8")]
    [TestCase(8, 8, 5, 2, 1, 8, 8, TestName = "§6.3.1 k5 p2 keeps 8x8")]
    [TestCase(8, 8, 3, 1, 2, 4, 4, TestName = "§6.3.2 k3 p1 s2 halves 8x8")]
    [TestCase(28, 28, 5, 2, 1, 28, 28, TestName = "LeNet conv1 28x28")]
    [TestCase(14, 14, 5, 0, 1, 10, 10, TestName = "LeNet conv2 14 to 10")]
    [TestCase(7, 6, 5, 2, 3, 3, 2, TestName = "floor of (n - k + 2p) / s + 1")]
    public void Conv2d_output_shape_follows_the_formula(int h, int w, int k, int p, int s, int oh, int ow)
    {
        var x = Tensor.Zeros([2, 3, h, w], backend: Device);

        x.Conv2d(Tensor.Zeros([4, 3, k, k], backend: Device), stride: s, padding: p).Shape.ToArray()
            .Should().Equal(2, 4, oh, ow);
    }

    [Test]
    public void Conv2d_accepts_an_unbatched_image()
    {
        var x = Tensor.Arange(9, backend: Device).Reshape(1, 3, 3);

        var y = x.Conv2d(F32([0, 1, 2, 3], 1, 1, 2, 2));

        y.Shape.ToArray().Should().Equal(1, 2, 2);
        y.Should().BeAllClose([19, 25, 37, 43], 0, 0);
    }

    [Test]
    public void Pools_of_an_input_split_across_cores_match_a_loop_forward_and_backward()
    {
        // 2 · 8 · 72 · 64 = 73,728 values: past the CPU's threshold for pooling planes on every core.
        const int n = 2, c = 8, h = 72, w = 64;
        var values = new double[n * c * h * w];
        new Random.Generator(9).FillNormal(values, 0, 1);
        var x = Tensor.FromArray(values, new Shape(n, c, h, w), Device).To(DType.Float64);
        x.RequiresGrad = true;
        var (maxima, means) = (new double[n * c * (h / 2) * (w / 2)], new double[n * c * (h / 2) * (w / 2)]);
        var maxGrad = new double[values.Length];
        for (var plane = 0; plane < n * c; plane++)
        {
            for (var i = 0; i < h / 2; i++)
            {
                for (var j = 0; j < w / 2; j++)
                {
                    int[] window = [.. from a in new[] { 0, 1 } from b in new[] { 0, 1 }
                        select (((plane * h) + (2 * i) + a) * w) + (2 * j) + b];
                    var o = (((plane * (h / 2)) + i) * (w / 2)) + j;
                    maxima[o] = window.Max(k => values[k]);
                    means[o] = window.Sum(k => values[k]) / 4;
                    maxGrad[window.First(k => values[k] == maxima[o])] += 1;
                }
            }
        }

        var max = x.MaxPool2d(2);
        max.Sum().Backward();
        var maxPoolGrad = x.Grad!.ToArray<double>();
        x.ZeroGrad();
        var mean = x.AvgPool2d(2);
        mean.Sum().Backward();

        max.Should().BeAllClose(maxima, 0, 0);
        mean.Should().BeAllClose(means, 1e-15, 1e-15);
        maxPoolGrad.Should().Equal(maxGrad);
        x.Grad!.Should().BeAllClose(Enumerable.Repeat(0.25, values.Length).ToArray(), 0, 0);
    }

    [Test]
    public void Pools_default_their_stride_to_the_kernel_size()
    {
        var x = Tensor.Arange(16, backend: Device).Reshape(1, 1, 4, 4);

        x.MaxPool2d(2).Should().BeAllClose([5, 7, 13, 15], 0, 0);
        x.AvgPool2d(2).Should().BeAllClose([2.5, 4.5, 10.5, 12.5], 0, 0);
        x.MaxPool2d(3, stride: 1).Should().BeAllClose([10, 11, 14, 15], 0, 0);
    }

    [Test]
    public void MaxPool2d_pads_with_minus_infinity_and_AvgPool2d_counts_the_zero_padding()
    {
        var x = F32([-1, -2, -3, -4], 1, 1, 2, 2);

        x.MaxPool2d(2, stride: 1, padding: 1).Should().BeAllClose([-1, -1, -2, -1, -1, -2, -3, -3, -4], 0, 0);
        x.AvgPool2d(2, stride: 1, padding: 1).Should().BeAllClose(
            [-0.25, -0.75, -0.5, -1, -2.5, -1.5, -0.75, -1.75, -1], 1e-7, 0);
    }

    [Test]
    public void MaxPool2d_gives_a_tie_to_the_first_maximum_and_NaN_wins()
    {
        var x = F64([1, 1, double.NaN, 0, 1, 1, 2, 5], 1, 1, 2, 4);
        x.RequiresGrad = true;

        var y = x.MaxPool2d(2);
        y.Sum().Backward();

        double.IsNaN(y.ToDoubles()[1]).Should().BeTrue();
        y.ToDoubles()[0].Should().Be(1);
        x.Grad!.Should().BeAllClose([1, 0, 1, 0, 0, 0, 0, 0], 0, 0);
    }

    [Test]
    public void MaxPool2d_gives_a_window_of_only_minus_infinity_to_its_first_element_as_torch()
    {
        // torch's max_pool2d starts each window's index at its first element and moves it only for a larger value
        // or a NaN, so a window of −∞ (a masked input, say) sends its gradient to its first element.
        var x = F64(Enumerable.Repeat(double.NegativeInfinity, 16).ToArray(), 1, 1, 4, 4);
        x.RequiresGrad = true;

        x.MaxPool2d(2).Backward(Tensor.OnesLike(x.MaxPool2d(2)));

        x.Grad!.Should().BeAllClose([1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0], 0, 0);
    }

    [Test]
    public void MaxPool2d_gradient_adds_up_where_overlapping_windows_share_a_winner()
    {
        var x = F64([0, 0, 0, 0, 9, 0, 0, 0, 0], 1, 1, 3, 3);
        x.RequiresGrad = true;

        x.MaxPool2d(2, stride: 1).Sum().Backward();

        x.Grad!.Should().BeAllClose([0, 0, 0, 0, 4, 0, 0, 0, 0], 0, 0);
    }

    [Test]
    public void A_channel_mismatch_names_both_shapes()
    {
        var act = () => Tensor.Zeros([1, 3, 5, 5], backend: Device).Conv2d(Tensor.Zeros([4, 2, 3, 3], backend: Device));

        act.Should().Throw<ArgumentException>().WithMessage(
            "Conv2d: the input (1x3x5x5) has 3 channels but the weight (4x2x3x3) expects 2 input channels.");
    }

    [Test]
    public void Unbatched_inputs_keep_three_dimensions_and_a_window_that_just_fits_is_accepted()
    {
        var image = Tensor.Arange(16, backend: Device).Reshape(1, 4, 4);
        var kernels = Tensor.Ones([2, 1, 3, 3], backend: Device);

        image.Conv2d(kernels, Tensor.Ones([2], backend: Device)).Should().HaveShape(2, 2, 2);
        image.MaxPool2d(2).Should().HaveShape(1, 2, 2);
        image.AvgPool2d(4).Should().HaveShape(1, 1, 1).BeAllClose([7.5], 0, 0); // the window is the whole image
        image.MaxPool2d(1).Should().BeAllClose(image.ToArray<float>().Select(v => (double)v).ToArray(), 0, 0);
        image.Conv2d(Tensor.Ones([1, 1, 4, 4], backend: Device)).Should().HaveShape(1, 1, 1).BeAllClose([120], 0, 0);
    }

    [Test]
    public void A_kernel_larger_than_the_padded_input_along_one_axis_is_refused()
    {
        var tall = Tensor.Zeros([1, 1, 5, 3], backend: Device);

        FluentActions.Invoking(() => tall.Conv2d(Tensor.Zeros([1, 1, 3, 5], backend: Device))).Should()
            .Throw<ArgumentException>().WithMessage("Conv2d: the padded input is 5x3*kernel is 3x5*");
        FluentActions.Invoking(() => tall.MaxPool2d(4)).Should().Throw<ArgumentException>()
            .WithMessage("MaxPool2d: the padded input is 5x3*smaller than the 4x4 window.");
    }

    [Test]
    public void The_messages_name_the_padded_size_and_the_padding_limit()
    {
        var pixel = Tensor.Zeros([1, 1, 1, 1], backend: Device);
        var small = Tensor.Zeros([1, 1, 3, 3], backend: Device);

        FluentActions.Invoking(() => small.Conv2d(Tensor.Zeros([1, 1, 7, 7], backend: Device), padding: 1)).Should()
            .Throw<ArgumentException>().WithMessage("Conv2d: the padded input is 5x5 (input (1x1x3x3), padding 1) " +
                "but the kernel is 7x7: a kernel cannot be larger than the padded input.");
        FluentActions.Invoking(() => pixel.AvgPool2d(4, padding: 1)).Should().Throw<ArgumentException>()
            .WithMessage(
                "AvgPool2d: the padded input is 3x3 (input (1x1x1x1), padding 1), smaller than the 4x4 window.");
        FluentActions.Invoking(() => small.MaxPool2d(3, padding: 2)).Should().Throw<ArgumentException>()
            .WithMessage("MaxPool2d: padding 2 is more than half the kernel size 3; torch allows at most 1.");
        FluentActions.Invoking(() => small.AvgPool2d(2, stride: 0)).Should().Throw<ArgumentException>()
            .WithMessage("AvgPool2d: the stride must be at least 1, got 0.");
        FluentActions.Invoking(() => small.MaxPool2d(2, padding: -1)).Should().Throw<ArgumentException>()
            .WithMessage("MaxPool2d: the padding cannot be negative, got -1.");
    }

    [Test]
    public void Conv2d_refuses_a_missing_weight_integers_and_a_bias_on_another_backend()
    {
        var x = Tensor.Zeros([1, 1, 3, 3], backend: Device);
        var w = Tensor.Zeros([2, 1, 2, 2], backend: Device);
        using var other = new Lessons.Backends.Cpu.CpuBackend();

        FluentActions.Invoking(() => x.Conv2d(null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => x.To(DType.Int32).Conv2d(w.To(DType.Int32))).Should()
            .Throw<Exception>().WithMessage("Conv2d*");
        FluentActions.Invoking(() => x.Conv2d(Tensor.Zeros([2, 1, 2, 2], backend: other))).Should()
            .Throw<Exception>().WithMessage("Conv2d*");
        FluentActions.Invoking(() => x.Conv2d(w, Tensor.Zeros([2], backend: other))).Should()
            .Throw<Exception>().WithMessage("Conv2d*");
    }

    [Test]
    public void Integer_inputs_are_refused_before_any_other_check_in_the_words_of_every_float_op()
    {
        var integers = Tensor.Zeros([1, 1, 4, 4], backend: Device).To(DType.Int32);
        var w = Tensor.Zeros([2, 1, 3, 3], backend: Device).To(DType.Int32);
        const string Expected =
            "{0}: expected a Float32 or Float64 tensor, got Int32; convert with To(DType.Float32).";

        FluentActions.Invoking(() => integers.Conv2d(w)).Should().Throw<InvalidOperationException>()
            .WithMessage(string.Format(null, Expected, "Conv2d"));
        FluentActions.Invoking(() => integers.MaxPool2d(2)).Should().Throw<InvalidOperationException>()
            .WithMessage(string.Format(null, Expected, "MaxPool2d"));
        FluentActions.Invoking(() => integers.AvgPool2d(2)).Should().Throw<InvalidOperationException>()
            .WithMessage(string.Format(null, Expected, "AvgPool2d"));
    }

    [Test]
    public void Pools_refuse_other_ranks_and_an_empty_window_and_name_the_operation_in_the_graph()
    {
        var x = Tensor.Zeros([1, 1, 4, 4], backend: Device, requiresGrad: true);

        FluentActions.Invoking(() => x.Reshape(4, 4).MaxPool2d(2)).Should().Throw<ArgumentException>()
            .WithMessage("MaxPool2d: expected an input (N, C, H, W) or (C, H, W), got (4x4).");
        FluentActions.Invoking(() => x.AvgPool2d(0)).Should().Throw<ArgumentException>()
            .WithMessage("AvgPool2d: the kernel size must be at least 1, got 0.");
        FluentActions.Invoking(() => x.Conv2d(Tensor.Zeros([2, 1, 3], backend: Device))).Should()
            .Throw<ArgumentException>()
            .WithMessage(
                "Conv2d: expected an input (N, C, H, W) and a weight (out, in, kh, kw), got (1x1x4x4) and (2x1x3).");
        x.MaxPool2d(2).GradFn!.Name.Should().Be("MaxPool2dBackward");
        x.AvgPool2d(2).GradFn!.Name.Should().Be("AvgPool2dBackward");
        x.Conv2d(Tensor.Zeros([2, 1, 3, 3], backend: Device)).GradFn!.Name.Should().Be("Conv2dBackward");
    }

    [Test]
    public void A_pool_layout_counts_its_input_and_output_elements()
    {
        var layout = new Lessons.Backends.Pool2dLayout(Planes: 6, Height: 7, Width: 5, KernelSize: 3, Stride: 2,
            Padding: 1);

        (layout.OutHeight, layout.OutWidth).Should().Be((4, 3)); // ⌊(7 + 2 − 3) / 2⌋ + 1, ⌊(5 + 2 − 3) / 2⌋ + 1
        layout.InputLength.Should().Be(6 * 7 * 5);
        layout.OutputLength.Should().Be(6 * 4 * 3);
    }

    [Test]
    public void A_kernel_larger_than_the_padded_input_is_refused()
    {
        var act = () => Tensor.Zeros([1, 1, 3, 3], backend: Device).Conv2d(Tensor.Zeros([1, 1, 5, 5], backend: Device));

        act.Should().Throw<ArgumentException>().WithMessage("Conv2d: the padded input is 3x3*kernel is 5x5*");
    }

    [Test]
    public void Wrong_ranks_strides_biases_and_paddings_are_refused()
    {
        var x = Tensor.Zeros([1, 1, 4, 4], backend: Device);
        var w = Tensor.Zeros([2, 1, 3, 3], backend: Device);

        FluentActions.Invoking(() => x.Reshape(4, 4).Conv2d(w)).Should().Throw<ArgumentException>()
            .WithMessage("Conv2d: expected an input (N, C, H, W)*got (4x4)*");
        FluentActions.Invoking(() => x.Conv2d(w, stride: 0)).Should().Throw<ArgumentException>()
            .WithMessage("Conv2d: the stride must be at least 1, got 0.");
        FluentActions.Invoking(() => x.Conv2d(w, Tensor.Zeros([3], backend: Device))).Should()
            .Throw<ArgumentException>().WithMessage("Conv2d: the bias must be (2)*got (3).");
        FluentActions.Invoking(() => x.MaxPool2d(2, padding: 2)).Should().Throw<ArgumentException>()
            .WithMessage("MaxPool2d: padding 2 is more than half the kernel size 2*");
        FluentActions.Invoking(() => x.AvgPool2d(5)).Should().Throw<ArgumentException>()
            .WithMessage("AvgPool2d: the padded input is 4x4*smaller than the 5x5 window.");
    }
}
