using System.Text.Json;
using Lessons.Backends;
using Lessons.Losses;
using Lessons.Tests.Support;

namespace Lessons.Tests.Reference;

/// <summary>
/// Runs a "loss" case: for every reduction the file records, the loss of the case's input and target, compared
/// with PyTorch's output, then the gradient with respect to the input, compared with PyTorch's.
/// </summary>
public static class LossCaseRunner
{
    /// <summary>The options each loss accepts: torch's constructor keywords but reduction and weights.</summary>
    private static readonly Dictionary<string, string[]> KnownOptions = new()
    {
        ["L1Loss"] = [],
        ["MSELoss"] = [],
        ["HuberLoss"] = ["delta"],
        ["SmoothL1Loss"] = ["beta"],
        ["CrossEntropyLoss"] = ["ignore_index", "label_smoothing"],
        ["NLLLoss"] = ["ignore_index"],
        ["BCELoss"] = [],
        ["BCEWithLogitsLoss"] = [],
        ["KLDivLoss"] = ["log_target"],
    };

    /// <summary>Checks every reduction of <paramref name="c"/> on a backend in a dtype.</summary>
    public static void Run(ReferenceCase c, IBackend backend, DType dtype)
    {
        var lossName = c.Get("loss").GetString() ?? "";
        if (!KnownOptions.TryGetValue(lossName, out var known))
        {
            throw c.Fail($"names the unknown loss '{lossName}' (known: {string.Join(", ", KnownOptions.Keys)})");
        }

        var options = ReadOptions(c, lossName, known);
        var (atol, rtol) = Tolerances.For(dtype);
        var outputs = c.Get("outputs");
        var grads = c.Get("grads");
        var errors = c.Find("errors");
        var reductions = outputs.EnumerateObject().Select(p => p.Name).ToList();
        if (reductions.Count == 0)
        {
            throw c.Fail("records no outputs");
        }

        foreach (var reduction in reductions)
        {
            using var scope = Tensor.Scope();
            var input = JsonTensor.ToTensor(c.Get("input"), dtype, backend, c, "input");
            input.RequiresGrad = true;
            var target = ReadTarget(c, dtype, backend);
            var weight = c.Find("weight") is { } w ? JsonTensor.ToTensor(w, dtype, backend, c, "weight") : null;
            var posWeight = c.Find("pos_weight") is { } pw
                ? JsonTensor.ToTensor(pw, dtype, backend, c, "pos_weight")
                : null;
            var loss = Build(c, lossName, options, reduction, weight, posWeight);
            var where = $"{c} ({dtype}, reduction {reduction})";
            if (errors is { } e && e.TryGetProperty(reduction, out var torchError))
            {
                // Refused the library's way: an argument or operation error whose message names the loss, never
                // an internal exception (an index out of range, a null reference) that happens to be thrown.
                var act = () => loss.Forward(input, target);
                var refusal = act.Should().Throw<Exception>($"torch refused {where}: {torchError.GetString()}").Which;
                refusal.Should().Match<Exception>(e => e is ArgumentException || e is InvalidOperationException,
                    "the refusal must be the library's own error");
                refusal.Message.Should().StartWith(loss.GetType().Name + ":");
                continue;
            }

            var output = loss.Forward(input, target);
            var (expected, shape) = JsonTensor.Read(outputs.GetProperty(reduction), c, $"outputs.{reduction}");
            output.Should().HaveShape(shape);
            AllCloseAssertions.AssertAllClose(output.ToDoubles(), expected, atol, rtol, $"the output of {where}");

            (reduction == "none" ? output.Sum() : output).Backward();
            var (expectedGrad, _) = JsonTensor.Read(grads.GetProperty(reduction), c, $"grads.{reduction}");
            AllCloseAssertions.AssertAllClose(input.Grad!.ToDoubles(), expectedGrad, atol, rtol,
                $"the input gradient of {where}");
        }
    }

    /// <summary>
    /// Why the float32 run of a case cannot reproduce its float64 values, or null if it can: BCE inputs that
    /// float32 rounds onto 0 or 1 (e.g. 1 − 1e-15) cross the −100 log clamp, so the loss itself changes.
    /// </summary>
    public static string? Float32Obstacle(ReferenceCase c)
    {
        if (c.Get("loss").GetString() != "BCELoss")
        {
            return null;
        }

        var (values, _) = JsonTensor.Read(c.Get("input"), c, "input");
        foreach (var p in values)
        {
            var rounded = (float)p;
            if (p != 0 && p != 1 && rounded is 0 or 1)
            {
                return $"{c} is float64-only: input {p:R} rounds to {rounded} in float32, which moves it onto " +
                    "BCE's log clamp and changes the loss itself (its float32 twin is the *_f32safe_* case).";
            }
        }

        return null;
    }

    private static Dictionary<string, JsonElement> ReadOptions(ReferenceCase c, string lossName, string[] known)
    {
        var options = new Dictionary<string, JsonElement>();
        foreach (var option in c.Find("options")?.EnumerateObject() ?? Enumerable.Empty<JsonProperty>())
        {
            if (!known.Contains(option.Name))
            {
                throw c.Fail($"gives {lossName} the unknown option '{option.Name}' " +
                    $"(known: {(known.Length == 0 ? "none" : string.Join(", ", known))})");
            }

            options[option.Name] = option.Value;
        }

        return options;
    }

    private static Tensor ReadTarget(ReferenceCase c, DType dtype, IBackend backend)
    {
        var kind = c.Get("target_kind").GetString();
        return kind switch
        {
            "class_index" => JsonTensor.ToTensor(c.Get("target"), DType.Int32, backend, c, "target"),
            "values" or "probabilities" => JsonTensor.ToTensor(c.Get("target"), dtype, backend, c, "target"),
            _ => throw c.Fail($"has the unknown target_kind '{kind}' (known: class_index, values, probabilities)"),
        };
    }

    private static Loss Build(ReferenceCase c, string lossName, Dictionary<string, JsonElement> options,
        string reductionName, Tensor? weight, Tensor? posWeight)
    {
        if (posWeight is not null && lossName != "BCEWithLogitsLoss")
        {
            throw c.Fail($"gives {lossName} a pos_weight, which only BCEWithLogitsLoss takes");
        }

        if (weight is not null && lossName is not ("CrossEntropyLoss" or "NLLLoss" or "BCELoss" or "BCEWithLogitsLoss"))
        {
            throw c.Fail($"gives {lossName} a weight, which it does not take");
        }

        double Number(string name, double fallback) =>
            options.TryGetValue(name, out var v) ? JsonTensor.Number(v, c, $"option {name}") : fallback;
        int Index(string name) => options.TryGetValue(name, out var v) ? v.GetInt32() : -100;

        if (lossName == "KLDivLoss")
        {
            var klReduction = reductionName switch
            {
                "none" => KlDivReduction.None,
                "mean" => KlDivReduction.Mean,
                "sum" => KlDivReduction.Sum,
                "batchmean" => KlDivReduction.BatchMean,
                _ => throw c.Fail($"records the unknown reduction '{reductionName}' for KLDivLoss"),
            };
            var logTarget = options.TryGetValue("log_target", out var lt) && lt.GetBoolean();
            return new KlDivLoss(klReduction, logTarget);
        }

        var reduction = reductionName switch
        {
            "none" => Reduction.None,
            "mean" => Reduction.Mean,
            "sum" => Reduction.Sum,
            _ => throw c.Fail($"records the unknown reduction '{reductionName}' (known: none, mean, sum)"),
        };
        return lossName switch
        {
            "L1Loss" => new L1Loss(reduction),
            "MSELoss" => new MseLoss(reduction),
            "HuberLoss" => new HuberLoss(reduction, Number("delta", 1)),
            "SmoothL1Loss" => new SmoothL1Loss(reduction, Number("beta", 1)),
            "CrossEntropyLoss" => new CrossEntropyLoss(weight, Index("ignore_index"), reduction,
                Number("label_smoothing", 0)),
            "NLLLoss" => new NllLoss(weight, Index("ignore_index"), reduction),
            "BCELoss" => new BceLoss(weight, reduction),
            "BCEWithLogitsLoss" => new BceWithLogitsLoss(weight, posWeight, reduction),
            _ => throw c.Fail($"names the unknown loss '{lossName}'"),
        };
    }
}
