using Lessons.Backends;
using Lessons.Tests.Support;

namespace Lessons.Tests.Reference;

/// <summary>
/// Runs a "function" case (softmax, log_softmax): the output, then the vector-Jacobian product with the case's
/// upstream gradient, compared with PyTorch's.
/// </summary>
public static class FunctionCaseRunner
{
    /// <summary>Checks <paramref name="c"/> on <paramref name="backend"/> in <paramref name="dtype"/>.</summary>
    public static void Run(ReferenceCase c, IBackend backend, DType dtype)
    {
        var function = c.Get("function").GetString();
        var dim = 1;
        foreach (var option in c.Find("options")?.EnumerateObject() ?? [])
        {
            dim = option.Name == "dim"
                ? option.Value.GetInt32()
                : throw c.Fail($"gives {function} the unknown option '{option.Name}' (known: dim)");
        }

        Func<Tensor, Tensor> apply = function switch
        {
            "softmax" => x => x.Softmax(dim),
            "log_softmax" => x => x.LogSoftmax(dim),
            _ => throw c.Fail($"names the unknown function '{function}' (known: softmax, log_softmax)"),
        };

        using var scope = Tensor.Scope();
        var (atol, rtol) = Tolerances.For(dtype);
        var input = JsonTensor.ToTensor(c.Get("input"), dtype, backend, c, "input");
        input.RequiresGrad = true;
        var upstream = JsonTensor.ToTensor(c.Get("upstream"), dtype, backend, c, "upstream");
        var output = apply(input);
        var (expected, shape) = JsonTensor.Read(c.Get("outputs").GetProperty("none"), c, "outputs.none");
        output.Should().HaveShape(shape);
        AllCloseAssertions.AssertAllClose(output.ToDoubles(), expected, atol, rtol, $"the output of {c} ({dtype})");
        output.Backward(upstream);
        var (expectedGrad, _) = JsonTensor.Read(c.Get("grads").GetProperty("none"), c, "grads.none");
        AllCloseAssertions.AssertAllClose(input.Grad!.ToDoubles(), expectedGrad, atol, rtol,
            $"the input gradient of {c} ({dtype})");
    }
}
