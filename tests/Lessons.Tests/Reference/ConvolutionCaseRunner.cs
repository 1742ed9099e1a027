using Lessons.Backends;
using Lessons.Tests.Support;

namespace Lessons.Tests.Reference;

/// <summary>
/// Runs a "convolution" case (conv2d, max_pool2d, avg_pool2d): the output, then the gradients of the input, the
/// weight and the bias for the case's upstream gradient, compared with PyTorch's.
/// </summary>
public static class ConvolutionCaseRunner
{
    /// <summary>Checks <paramref name="c"/> on <paramref name="backend"/> in <paramref name="dtype"/>.</summary>
    public static void Run(ReferenceCase c, IBackend backend, DType dtype)
    {
        var function = c.Get("function").GetString();
        int? stride = null, kernelSize = null;
        var padding = 0;
        foreach (var option in c.Find("options")?.EnumerateObject() ?? [])
        {
            switch (option.Name)
            {
                case "stride": stride = option.Value.GetInt32(); break;
                case "padding": padding = option.Value.GetInt32(); break;
                case "kernel_size": kernelSize = option.Value.GetInt32(); break;
                default:
                    throw c.Fail(
                        $"gives {function} the unknown option '{option.Name}' (known: stride, padding, kernel_size)");
            }
        }

        using var scope = Tensor.Scope();
        var (atol, rtol) = Tolerances.For(dtype);
        var input = Leaf(c, "input", dtype, backend)!;
        var weight = Leaf(c, "weight", dtype, backend);
        var bias = Leaf(c, "bias", dtype, backend);
        var output = function switch
        {
            "conv2d" => input.Conv2d(weight ?? throw c.Fail("has no weight"), bias, stride ?? 1, padding),
            "max_pool2d" => input.MaxPool2d(kernelSize ?? throw c.Fail("has no kernel_size"), stride, padding),
            "avg_pool2d" => input.AvgPool2d(kernelSize ?? throw c.Fail("has no kernel_size"), stride, padding),
            _ => throw c.Fail($"names the unknown function '{function}' (known: conv2d, max_pool2d, avg_pool2d)"),
        };
        var (expected, shape) = JsonTensor.Read(c.Get("outputs").GetProperty("none"), c, "outputs.none");
        output.Should().HaveShape(shape);
        AllCloseAssertions.AssertAllClose(output.ToDoubles(), expected, atol, rtol, $"the output of {c} ({dtype})");
        output.Backward(JsonTensor.ToTensor(c.Get("upstream"), dtype, backend, c, "upstream"));
        foreach (var (name, tensor) in new[] { ("input", input), ("weight", weight), ("bias", bias) })
        {
            if (tensor is null)
            {
                continue;
            }

            var (expectedGrad, _) = JsonTensor.Read(c.Get("grads").GetProperty(name), c, $"grads.{name}");
            AllCloseAssertions.AssertAllClose(tensor.Grad!.ToDoubles(), expectedGrad, atol, rtol,
                $"the {name} gradient of {c} ({dtype})");
        }
    }

    private static Tensor? Leaf(ReferenceCase c, string name, DType dtype, IBackend backend)
    {
        if (c.Find(name) is not { } json)
        {
            return null;
        }

        var tensor = JsonTensor.ToTensor(json, dtype, backend, c, name);
        tensor.RequiresGrad = true;
        return tensor;
    }
}
