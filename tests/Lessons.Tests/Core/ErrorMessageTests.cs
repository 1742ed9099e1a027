using Lessons.Backends;
using Lessons.Tests.Support;

namespace Lessons.Tests.Core;

/// <summary>Errors are part of the API: each names the operation, what it got and what it expected.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class ErrorMessageTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void MatMul_names_both_shapes_and_the_inner_dimensions()
    {
        var act = () => Tensor.Zeros([2, 3], backend: Device).MatMul(Tensor.Zeros([4, 5], backend: Device));

        act.Should().Throw<ArgumentException>().WithMessage("MatMul: (2x3) @ (4x5): inner dimensions 3 and 4 differ.");
    }

    [Test]
    public void A_failed_broadcast_names_both_shapes()
    {
        var act = () => Tensor.Zeros([2, 3], backend: Device) + Tensor.Zeros([4], backend: Device);

        act.Should().Throw<ArgumentException>().WithMessage("Add: shapes (2x3) and (4) cannot be broadcast*");
    }

    [Test]
    public void A_gather_index_out_of_range_names_the_index_and_the_bound()
    {
        var act = () => Tensor.Zeros([2, 3], backend: Device).Gather(1, I32([0, 3], 2, 1));

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Gather: index 3 is out of range for an axis of length 3 (expected 0..2).*");
    }

    [Test]
    public void A_label_out_of_range_names_the_label_and_the_class_count()
    {
        var act = () =>
            Tensor.SoftmaxCrossEntropy(Tensor.Zeros([2, 10], backend: Device), I32([1, 10], 2)).ToArray<float>();

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("SoftmaxCrossEntropy: label 10 is out of range for 10 classes (expected 0..9).*");
    }

    [Test]
    public void Mixed_dtypes_name_both()
    {
        var act = () => Tensor.Zeros([2], DType.Float32, Device) * Tensor.Zeros([2], DType.Float64, Device);

        act.Should().Throw<InvalidOperationException>().WithMessage("Mul: dtypes differ: Float32 and Float64*");
    }

    [Test]
    public void Mixed_backends_name_both()
    {
        using var other = new Lessons.Backends.Cpu.CpuBackend();
        var act = () => Tensor.Zeros([2], backend: Device) + Tensor.Zeros([2], backend: other);

        act.Should().Throw<InvalidOperationException>()
            .WithMessage($"Add: tensors live on different backends: {Device.Name}*cpu*");
    }

    [Test]
    public void Reshape_and_axis_errors_name_the_shape()
    {
        var x = Tensor.Zeros([2, 3], backend: Device);

        ((Action)(() => x.Reshape(4, -1))).Should().Throw<ArgumentException>()
            .WithMessage("Reshape: shape (2x3) (6 elements) cannot be viewed as (4, -1).");
        ((Action)(() => x.Sum(2))).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Sum: axis 2 is out of range for shape (2x3) (expected -2..1).*");
    }

    [Test]
    public void An_unknown_backend_lists_the_valid_ones()
    {
        var act = () => Backend.Create("cuda");

        act.Should().Throw<ArgumentException>().WithMessage("Unknown backend 'cuda'. Valid backends: cpu, opencl.*");
    }
}
