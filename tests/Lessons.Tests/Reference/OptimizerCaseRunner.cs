using System.Text.Json;
using Lessons.Backends;
using Lessons.Losses;
using Lessons.NN;
using Lessons.Optim;
using Lessons.Tests.Support;

namespace Lessons.Tests.Reference;

/// <summary>
/// Runs an "optimizer" case: d2l's concise training step (zero_grad, MSE loss of a Linear layer, backward, step)
/// from the case's initial parameters, checking the loss and gradients before each step and the parameters
/// after it against PyTorch's trajectory.
/// </summary>
public static class OptimizerCaseRunner
{
    /// <summary>Checks every step of <paramref name="c"/> on a backend in a dtype.</summary>
    public static void Run(ReferenceCase c, IBackend backend, DType dtype)
    {
        var model = c.Get("model").GetString();
        if (model != "linear_mse")
        {
            throw c.Fail($"names the unknown model '{model}' (known: linear_mse)");
        }

        var (atol, rtol) = Tolerances.For(dtype);
        var X = JsonTensor.ToTensor(c.Get("data").GetProperty("X"), dtype, backend, c, "data.X");
        var y = JsonTensor.ToTensor(c.Get("data").GetProperty("y"), dtype, backend, c, "data.y");
        var initialWeight = JsonTensor.ToTensor(c.Get("initial").GetProperty("weight"), dtype, backend, c, "weight");
        var initialBias = JsonTensor.ToTensor(c.Get("initial").GetProperty("bias"), dtype, backend, c, "bias");
        var net = new Linear(initialWeight.Shape[1], initialWeight.Shape[0], dtype: dtype, backend: backend);
        using (Tensor.NoGrad())
        {
            net.Weight.CopyFrom(initialWeight);
            net.Bias!.CopyFrom(initialBias);
        }

        var names = c.Get("parameter_names").EnumerateArray().Select(n => n.GetString()).ToList();
        if (!names.SequenceEqual(["weight", "bias"]))
        {
            throw c.Fail($"lists parameters [{string.Join(", ", names)}]; linear_mse has [weight, bias]");
        }

        var optimizer = Build(c, net.Parameters());
        var loss = new MseLoss();
        var step = 0;
        foreach (var expected in c.Get("steps").EnumerateArray())
        {
            step++;
            using var scope = Tensor.Scope();
            optimizer.ZeroGrad();
            var l = loss.Forward(net.Forward(X), y);
            l.Backward();
            var where = $"{c} ({dtype}) step {step}";
            AllCloseAssertions.AssertAllClose([l.Item()], [JsonTensor.Number(expected.GetProperty("loss"), c, "loss")],
                atol, rtol, $"the loss of {where}");
            Compare(net.Weight.Grad!, expected.GetProperty("grads").GetProperty("weight"), c, atol, rtol,
                $"the weight gradient of {where}");
            Compare(net.Bias.Grad!, expected.GetProperty("grads").GetProperty("bias"), c, atol, rtol,
                $"the bias gradient of {where}");
            optimizer.Step();
            Compare(net.Weight, expected.GetProperty("parameters").GetProperty("weight"), c, atol, rtol,
                $"the weight after {where}");
            Compare(net.Bias, expected.GetProperty("parameters").GetProperty("bias"), c, atol, rtol,
                $"the bias after {where}");
        }

        if (step == 0)
        {
            throw c.Fail("records no steps");
        }
    }

    private static void Compare(Tensor actual, JsonElement expected, ReferenceCase c, double atol, double rtol,
        string what)
    {
        var (values, shape) = JsonTensor.Read(expected, c, what);
        actual.Should().HaveShape(shape);
        AllCloseAssertions.AssertAllClose(actual.ToDoubles(), values, atol, rtol, what);
    }

    private static Optimizer Build(ReferenceCase c, IEnumerable<Tensor> parameters)
    {
        var name = c.Get("optimizer").GetString();
        var options = c.Get("options").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        string[] known = name switch
        {
            "SGD" => ["lr", "momentum", "dampening", "weight_decay", "nesterov"],
            "Adam" => ["lr", "betas", "eps", "weight_decay", "amsgrad"],
            _ => throw c.Fail($"names the unknown optimizer '{name}' (known: SGD, Adam)"),
        };
        if (options.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw c.Fail($"gives {name} the unknown option '{unknown}' (known: {string.Join(", ", known)})");
        }

        double Number(string key, double fallback) =>
            options.TryGetValue(key, out var v) ? JsonTensor.Number(v, c, key) : fallback;
        bool Flag(string key) => options.TryGetValue(key, out var v) && v.GetBoolean();
        if (!options.ContainsKey("lr"))
        {
            throw c.Fail($"gives {name} no lr");
        }

        if (name == "SGD")
        {
            return new Sgd(parameters, Number("lr", 0), Number("momentum", 0), Number("dampening", 0),
                Number("weight_decay", 0), Flag("nesterov"));
        }

        var betas = options.TryGetValue("betas", out var b)
            ? b.EnumerateArray().Select(v => JsonTensor.Number(v, c, "betas")).ToArray()
            : [0.9, 0.999];
        return new Adam(parameters, Number("lr", 0), (betas[0], betas[1]), Number("eps", 1e-8),
            Number("weight_decay", 0), Flag("amsgrad"));
    }
}
