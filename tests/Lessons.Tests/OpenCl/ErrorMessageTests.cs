using Lessons.Backends;
using Lessons.Backends.Cpu;
using Lessons.Backends.OpenCl;
using Lessons.Backends.OpenCl.Native;

namespace Lessons.Tests.OpenCl;

/// <summary>Errors are API: each names what failed and what to do, and OpenCL words them as the CPU does.</summary>
public sealed class ErrorMessageTests
{
    private OpenClBackend ocl = null!;
    private CpuBackend cpu = null!;

    [OneTimeSetUp]
    public void Start()
    {
        ocl = OpenClTestDevice.Shared;
        cpu = new CpuBackend();
    }

    [OneTimeTearDown]
    public void Stop() => cpu?.Dispose();

    [Test]
    public void A_failed_call_names_the_call_and_the_status_code()
    {
        var act = () => ClStatus.Check(-11, "clBuildProgram");
        act.Should().Throw<OpenClException>()
            .WithMessage("clBuildProgram: CL_BUILD_PROGRAM_FAILURE (-11)")
            .Which.Status.Should().Be(-11);
        ClStatus.Describe(-1001).Should().Be("CL_PLATFORM_NOT_FOUND_KHR (-1001)");
        ClStatus.Describe(-9999).Should().Be("unknown OpenCL status (-9999)");
    }

    [Test]
    public void A_kernel_that_does_not_compile_reports_the_build_log_and_its_file()
    {
        using var kernels = new KernelLibrary(ocl.ContextHandle, ocl.Device);
        var act = () => kernels.Build("broken.cl", "kernel void broken(global float* y) { y[0] = undefined_name; }",
            kernels.Options(DType.Float32, ""));
        act.Should().Throw<OpenClException>()
            .WithMessage("clBuildProgram: CL_BUILD_PROGRAM_FAILURE (-11), kernel file broken.cl*")
            .Which.Message.Should().Contain("undefined_name").And.Contain("broken.cl:1");
    }

    [Test]
    public void An_unknown_kernel_name_is_CL_INVALID_KERNEL_NAME()
    {
        using var kernels = new KernelLibrary(ocl.ContextHandle, ocl.Device);
        var act = () => kernels.Get("fused.cl", DType.Float32, "no_such_kernel");
        act.Should().Throw<OpenClException>()
            .WithMessage("clCreateKernel: CL_INVALID_KERNEL_NAME (-46), kernel 'no_such_kernel' in fused.cl");
    }

    [Test]
    public void Gather_names_the_bad_index_exactly_as_the_CPU_does([Values(10, -1)] int bad)
    {
        var layout = new GatherLayout(2, 10, 3, 1);
        ExpectSameError<ArgumentOutOfRangeException>(
            b =>
            {
                using var x = b.Allocate(DType.Float32, 20);
                using var index = b.Upload<int>([1, 2, 3, 4, bad, 9]);
                using var y = b.Allocate(DType.Float32, 6);
                b.Gather(x, index, y, layout);
            },
            $"Gather: index {bad} is out of range for an axis of length 10 (expected 0..9)*");
    }

    [Test]
    public void IndexSelect_names_the_bad_index_exactly_as_the_CPU_does()
    {
        ExpectSameError<ArgumentOutOfRangeException>(
            b =>
            {
                using var x = b.Allocate(DType.Float32, 4 * 3);
                using var index = b.Upload<int>([0, 3, 4]);
                using var y = b.Allocate(DType.Float32, 3 * 3);
                b.IndexSelect(x, index, y, new GatherLayout(1, 4, 3, 3));
            },
            "IndexSelect: index 4 is out of range for an axis of length 4 (expected 0..3)*");
    }

    [Test]
    public void ScatterAdd_names_the_bad_index_exactly_as_the_CPU_does()
    {
        ExpectSameError<ArgumentOutOfRangeException>(
            b =>
            {
                using var source = b.Allocate(DType.Float32, 4);
                using var index = b.Upload<int>([0, 1, 7, 2]);
                using var y = b.Allocate(DType.Float32, 7);
                b.ScatterAdd(source, index, y, new GatherLayout(1, 7, 4, 1));
            },
            "ScatterAdd: index 7 is out of range for an axis of length 7 (expected 0..6)*");
    }

    [Test]
    public void Cross_entropy_names_the_bad_label_forward_and_backward([Values] bool backward)
    {
        ExpectSameError<ArgumentOutOfRangeException>(
            b =>
            {
                using var logits = b.Allocate(DType.Float32, 3 * 10);
                using var labels = b.Upload<int>([3, 10, 0]);
                using var output = b.Allocate(DType.Float32, backward ? 30 : 3);
                using var upstream = b.Allocate(DType.Float32, 3);
                if (backward)
                {
                    b.SoftmaxCrossEntropyBackward(logits, labels, upstream, output, 3, 10);
                }
                else
                {
                    b.SoftmaxCrossEntropy(logits, labels, output, 3, 10);
                }
            },
            "SoftmaxCrossEntropy: label 10 is out of range for 10 classes (expected 0..9)*");
    }

    [Test]
    public void Labels_computed_on_the_device_are_checked_too()
    {
        // A cast leaves the label range unknown to the host, so the backend reads the labels back to check them.
        ExpectSameError<ArgumentOutOfRangeException>(
            b =>
            {
                using var asFloats = b.Upload<float>([2.7f, 11.2f]);
                using var labels = b.Allocate(DType.Int32, 2);
                b.Cast(asFloats, labels);
                using var logits = b.Allocate(DType.Float32, 2 * 10);
                using var loss = b.Allocate(DType.Float32, 2);
                b.SoftmaxCrossEntropy(logits, labels, loss, 2, 10);
            },
            "SoftmaxCrossEntropy: label 11 is out of range for 10 classes (expected 0..9)*");
    }

    [Test]
    public void Integer_division_by_zero_throws_like_the_CPU()
    {
        ExpectSameError<DivideByZeroException>(
            b =>
            {
                using var a = b.Upload<int>([6, 7, 8]);
                using var d = b.Upload<int>([1, 0, 2]);
                using var y = b.Allocate(DType.Int32, 3);
                b.Binary(BinaryOp.Div, a, d, y, BroadcastLayout.For(new Shape(3), new Shape(3), new Shape(3)));
            },
            "Div: integer division by zero.");
    }

    [Test]
    public void A_buffer_from_another_backend_is_refused_by_name()
    {
        using var foreign = cpu.Allocate(DType.Float32, 3);
        using var own = ocl.Allocate(DType.Float32, 3);
        var act = () => ocl.Unary(UnaryOp.Exp, foreign, own);
        act.Should().Throw<ArgumentException>().WithMessage("Unary: the buffer belongs to backend 'cpu'*");
    }

    [Test]
    public void Float64_on_a_device_without_fp64_is_a_clear_NotSupportedException()
    {
        using var backend = new OpenClBackend(ocl.Device with { HasFp64 = false });
        backend.Supports(DType.Float64).Should().BeFalse();
        backend.Supports(DType.Float32).Should().BeTrue();
        var act = () => backend.Allocate(DType.Float64, 4);
        act.Should().Throw<NotSupportedException>()
            .WithMessage("Allocate: the OpenCL device '*' does not support double precision (cl_khr_fp64)*");
    }

    /// <summary>Both backends throw <typeparamref name="T"/>, the same message, matching the pattern.</summary>
    private void ExpectSameError<T>(Action<IBackend> act, string pattern) where T : Exception
    {
        var onCpu = FluentActions.Invoking(() => act(cpu)).Should().Throw<T>().WithMessage(pattern).Which;
        var onOcl = FluentActions.Invoking(() => act(ocl)).Should().Throw<T>().WithMessage(pattern).Which;
        onOcl.Message.Should().Be(onCpu.Message);
    }
}
