using Lessons.Tests.Support;

namespace Lessons.Tests.Core;

/// <summary>ToString prints like torch, so output can be compared with the book's.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class FormatTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Integral_values_print_with_a_trailing_dot()
    {
        Tensor.Arange(4, backend: Device).ToString().Should().Be("tensor([0., 1., 2., 3.])");
    }

    [Test]
    public void Matrices_print_one_row_per_line_with_four_decimals()
    {
        F32([1, 2.5f, 3, 4], 2, 2).ToString().Should().Be("tensor([[1.0000, 2.5000],\n        [3.0000, 4.0000]])");
    }

    [Test]
    public void Scalars_dtypes_and_autograd_state_are_shown()
    {
        Tensor.Scalar(3.5, backend: Device).ToString().Should().Be("tensor(3.5000)");
        F64([1, 2], 2).ToString().Should().Be("tensor([1., 2.], dtype=Float64)");
        I32([1, 2], 2).ToString().Should().Be("tensor([1, 2], dtype=Int32)");
        var w = F32([1], 1);
        w.RequiresGrad = true;
        w.ToString().Should().Be("tensor([1.], requires_grad=True)");
        (w * 2).ToString().Should().Be("tensor([2.], grad_fn=<MulBackward>)");
        Tensor.Zeros([0, 3], backend: Device).ToString().Should().Be("tensor([], size=(0, 3))");
    }

    [Test]
    public void Wide_ranges_switch_to_scientific_and_long_tensors_are_summarized()
    {
        F32([1e-5f, 1], 2).ToString().Should().Be("tensor([1.0000e-05, 1.0000e+00])");
        Tensor.Arange(2000, backend: Device).ToString()
            .Should().Be("tensor([   0.,    1.,    2.,  ..., 1997., 1998., 1999.])");
    }
}
