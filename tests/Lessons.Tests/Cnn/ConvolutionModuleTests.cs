using Lessons.NN;
using Lessons.Random;
using Lessons.Tests.Support;

namespace Lessons.Tests.Cnn;

/// <summary>
/// The layers of d2l's §6 as modules (torch.nn.Conv2d, MaxPool2d, AvgPool2d): their parameters, torch's default
/// initialisation, and a forward pass that is the functional operation with the layer's settings.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class ConvolutionModuleTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Conv2d_holds_out_by_in_by_k_by_k_kernels_and_a_bias_per_output_channel()
    {
        var layer = new Conv2d(3, 8, 5, stride: 2, padding: 1, generator: new Generator(1), backend: Device);

        layer.Weight.Should().HaveShape(8, 3, 5, 5);
        layer.Bias!.Should().HaveShape(8);
        layer.Parameters().Should().HaveCount(2).And.OnlyContain(p => p.RequiresGrad);
        (layer.Stride, layer.Padding, layer.KernelSize).Should().Be((2, 1, 5));
    }

    [Test]
    public void Conv2d_starts_uniform_within_one_over_the_square_root_of_the_fan_in_as_torch()
    {
        // torch: kaiming_uniform_(a=√5) for the weight and U(±1/√fan_in) for the bias, fan_in = 3 · 5 · 5 = 75.
        var layer = new Conv2d(3, 64, 5, generator: new Generator(2), dtype: DType.Float64, backend: Device);
        var bound = 1 / Math.Sqrt(75);

        var weights = layer.Weight.ToArray<double>();
        var biases = layer.Bias!.ToArray<double>();

        weights.Should().OnlyContain(w => Math.Abs(w) <= bound);
        biases.Should().OnlyContain(b => Math.Abs(b) <= bound);
        weights.Max().Should().BeGreaterThan(0.9 * bound, "4800 draws reach near the bound");
        weights.Min().Should().BeLessThan(-0.9 * bound);
        weights.Average().Should().BeApproximately(0, 0.05 * bound, "a uniform draw centred on 0");
        biases.Min().Should().BeLessThan(-0.5 * bound, "64 biases drawn from [-bound, bound] reach both halves");
        biases.Max().Should().BeGreaterThan(0.5 * bound);
    }

    [Test]
    public void Conv2d_forward_is_the_operation_with_the_layers_stride_and_padding()
    {
        var layer = new Conv2d(2, 3, 3, stride: 2, padding: 1, generator: new Generator(3), dtype: DType.Float64,
            backend: Device);
        var x = Tensor.Normal(0, 1, [2, 2, 7, 6], new Generator(4), DType.Float64, Device);

        var y = layer.Forward(x);

        y.Should().HaveShape(2, 3, 4, 3); // ⌊(7 + 2 − 3) / 2⌋ + 1 = 4, ⌊(6 + 2 − 3) / 2⌋ + 1 = 3
        y.Should().BeAllClose(x.Conv2d(layer.Weight, layer.Bias, 2, 1).ToArray<double>(), 0, 0);
    }

    [Test]
    public void Conv2d_without_bias_has_one_parameter_and_adds_nothing()
    {
        var layer = new Conv2d(1, 2, 3, bias: false, generator: new Generator(5), dtype: DType.Float64,
            backend: Device);
        var x = Tensor.Normal(0, 1, [1, 1, 4, 4], new Generator(6), DType.Float64, Device);

        (layer.Bias is null).Should().BeTrue("bias: false");
        layer.Parameters().Should().ContainSingle();
        layer.Forward(x).Should().BeAllClose(x.Conv2d(layer.Weight).ToArray<double>(), 0, 0);
        layer.ToString().Should().Contain("bias=False");
    }

    [Test]
    public void Conv2d_draws_from_the_generator_it_is_given_and_prints_as_torch()
    {
        var first = new Conv2d(2, 3, 3, padding: 1, generator: new Generator(11), dtype: DType.Float64,
            backend: Device);
        var second = new Conv2d(2, 3, 3, padding: 1, generator: new Generator(11), dtype: DType.Float64,
            backend: Device);

        second.Weight.Should().BeAllClose(first.Weight.ToArray<double>(), 0, 0);
        second.Bias!.Should().BeAllClose(first.Bias!.ToArray<double>(), 0, 0);
        first.ToString().Should().Contain("Conv2d(2, 3, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))");
        new Conv2d(2, 3, 3, backend: Device).ToString().Should().NotContain("padding").And.NotContain("bias");
        new MaxPool2d(3, stride: 1).Stride.Should().Be(1, "a stride given is kept");
    }

    [Test]
    public void Conv2d_refuses_sizes_below_one_and_a_negative_padding_in_its_own_words()
    {
        FluentActions.Invoking(() => new Conv2d(0, 4, 3, backend: Device)).Should()
            .Throw<ArgumentOutOfRangeException>().WithMessage("Conv2d: inChannels must be at least 1, got 0.*");
        FluentActions.Invoking(() => new Conv2d(1, 0, 3, backend: Device)).Should()
            .Throw<ArgumentOutOfRangeException>().WithMessage("Conv2d: outChannels must be at least 1, got 0.*");
        FluentActions.Invoking(() => new Conv2d(1, 4, 0, backend: Device)).Should()
            .Throw<ArgumentOutOfRangeException>().WithMessage("Conv2d: kernelSize must be at least 1, got 0.*");
        FluentActions.Invoking(() => new Conv2d(1, 4, 3, stride: 0, backend: Device)).Should()
            .Throw<ArgumentOutOfRangeException>().WithMessage("Conv2d: stride must be at least 1, got 0.*");
        FluentActions.Invoking(() => new Conv2d(1, 4, 3, padding: -1, backend: Device)).Should()
            .Throw<ArgumentOutOfRangeException>().WithMessage("Conv2d: padding must be at least 0, got -1.*");
    }

    [Test]
    public void Conv2d_puts_its_parameters_on_the_backend_it_is_given_else_on_the_current_one()
    {
        using var other = new Lessons.Backends.Cpu.CpuBackend();
        using var current = Lessons.Backends.Backend.Use(other);

        var given = new Conv2d(1, 2, 3, backend: Device);
        var defaulted = new Conv2d(1, 2, 3);

        given.Weight.Backend.Should().BeSameAs(Device);
        given.Bias!.Backend.Should().BeSameAs(Device);
        defaulted.Weight.Backend.Should().BeSameAs(other);
    }

    [Test]
    public void Layers_refuse_a_missing_input_by_its_name()
    {
        Module[] layers = [new Conv2d(1, 1, 1, backend: Device), new MaxPool2d(2), new AvgPool2d(2)];

        foreach (var layer in layers)
        {
            FluentActions.Invoking(() => layer.Forward(null!)).Should().Throw<ArgumentNullException>()
                .WithParameterName("input", layer.GetType().Name);
        }
    }

    [Test]
    public void Pooling_layers_print_as_torch()
    {
        new MaxPool2d(3, stride: 1, padding: 1).ToString().Should()
            .Be("MaxPool2d(kernel_size=3, stride=1, padding=1, dilation=1, ceil_mode=False)");
        new AvgPool2d(2).ToString().Should().Be("AvgPool2d(kernel_size=2, stride=2, padding=0)");
        new Conv2d(1, 6, 5, padding: 2, bias: false, backend: Device).ToString().Should()
            .Be("Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2), bias=False)");
        new Conv2d(6, 16, 5, backend: Device).ToString().Should()
            .Be("Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))");
    }

    [Test]
    public void Pooling_layers_have_no_parameters_and_forward_the_operation()
    {
        var x = Tensor.Normal(0, 1, [1, 2, 6, 5], new Generator(7), DType.Float64, Device);
        var max = new MaxPool2d(2);
        var average = new AvgPool2d(3, stride: 1, padding: 1);

        max.Parameters().Should().BeEmpty();
        average.Parameters().Should().BeEmpty();
        max.Stride.Should().Be(2, "the stride defaults to the kernel size, as torch's");
        max.Forward(x).Should().BeAllClose(x.MaxPool2d(2, 2).ToArray<double>(), 0, 0);
        average.Forward(x).Should().BeAllClose(x.AvgPool2d(3, 1, 1).ToArray<double>(), 0, 0);
    }
}
