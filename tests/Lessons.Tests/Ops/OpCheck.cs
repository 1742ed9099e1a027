using System.Text.Json;
using Lessons.Backends;
using Lessons.Tests.Reference;
using Lessons.Tests.Support;

namespace Lessons.Tests.Ops;

/// <summary>One op under test: the name of its PyTorch case and what our library computes from the inputs.</summary>
/// <param name="Name">The case's name in Ops/ops_*.json.</param>
/// <param name="Op">The same computation written with this library.</param>
public sealed record OpLine(string Name, Func<Tensor[], Tensor> Op)
{
    public override string ToString() => Name;
}

/// <summary>
/// tinygrad's helper_test_op: runs an op on a case's inputs (seeded by make_op_refs.py) on one backend in one dtype,
/// and compares with what PyTorch 1.13 computed from the same inputs — the output's shape, dtype and values, then,
/// after Backward(R) with the case's upstream gradient R, every input gradient's shape, dtype and values. Forward
/// and gradient tolerances are separate. Our dtypes differ from torch's where the library's contract says so:
/// indices are Int32 (torch: int64) and comparisons give 1/0 in the input's dtype (torch: bool).
/// </summary>
public static class OpCheck
{
    /// <summary>Forward values: float64 rtol 1e-10 atol 1e-12, float32 rtol 1e-4 atol 1e-5.</summary>
    public static (double Atol, double Rtol) Forward(DType dtype) => Tolerances.For(dtype);

    /// <summary>Gradients: the same bounds (every gradient here is a handful of operations deep).</summary>
    public static (double Atol, double Rtol) Gradient(DType dtype) => Tolerances.For(dtype);

    /// <summary>Checks <paramref name="line"/> against its reference case on <paramref name="backend"/>.</summary>
    public static void Run(OpLine line, IBackend backend, DType dtype)
    {
        var c = OpReference.Get(line.Name);
        var key = dtype == DType.Float64 ? "float64" : "float32";
        var expected = c.Get(key);
        using var scope = Tensor.Scope();
        var specs = c.Get("inputs").EnumerateArray().ToArray();
        var inputs = specs.Select((s, i) => Input(s, dtype, backend, c, i)).ToArray();

        var output = line.Op(inputs);

        var what = $"{line.Name} ({dtype}, {backend.Name})";
        var (values, shape) = JsonTensor.Read(expected.GetProperty("output"), c, "output");
        output.Shape.ToString().Should().Be(new Shape(shape).ToString(), $"the output shape of {what}");
        output.DType.Should().Be(ExpectedDType(expected.GetProperty("dtype").GetString()!, dtype), $"dtype of {what}");
        var (atol, rtol) = Forward(dtype);
        AllCloseAssertions.AssertAllClose(output.ToDoubles(), values, atol, rtol, $"the output of {what}");

        if (!expected.TryGetProperty("grads", out var grads))
        {
            return;
        }

        output.Backward(JsonTensor.ToTensor(c.Get("upstream"), dtype, backend, c, "upstream"));
        (atol, rtol) = Gradient(dtype);
        var k = 0;
        foreach (var grad in grads.EnumerateArray())
        {
            var input = inputs[k];
            if (grad.ValueKind != JsonValueKind.Null)
            {
                var (expectedGrad, _) = JsonTensor.Read(grad, c, $"grads[{k}]");
                (input.Grad is null).Should().BeFalse($"input {k} of {what} should receive a gradient");
                input.Grad!.Shape.ToString().Should().Be(
                    input.Shape.ToString(), $"the gradient shape of input {k} of {what}");
                input.Grad.DType.Should().Be(input.DType, $"the gradient dtype of input {k} of {what}");
                AllCloseAssertions.AssertAllClose(input.Grad.ToDoubles(), expectedGrad, atol, rtol,
                    $"the gradient of input {k} of {what}");
            }

            k++;
        }
    }

    private static Tensor Input(JsonElement spec, DType dtype, IBackend backend, ReferenceCase c, int k)
    {
        var isIndex = spec.GetProperty("int").GetBoolean();
        var tensor = JsonTensor.ToTensor(spec.GetProperty("values"), isIndex ? DType.Int32 : dtype, backend, c,
            $"inputs[{k}]");
        tensor.RequiresGrad = spec.GetProperty("grad").GetBoolean();
        return tensor;
    }

    /// <summary>Our dtype for torch's: int64 indices are Int32 here, bool masks are in the input's dtype.</summary>
    private static DType ExpectedDType(string torchDType, DType input) => torchDType switch
    {
        "float64" => DType.Float64,
        "float32" => DType.Float32,
        "int64" or "int32" => DType.Int32,
        "bool" => input,
        _ => throw new InvalidOperationException($"make_op_refs.py wrote an unknown dtype '{torchDType}'."),
    };
}
