using System.Globalization;
using Lessons.Autograd;

namespace Lessons.Losses;

public static partial class Functional
{
    /// <summary>
    /// Binary cross-entropy of probabilities (torch.nn.functional.binary_cross_entropy):
    /// −w·[y·log x + (1 − y)·log(1 − x)], each log clamped at −100 as torch does, so p = 0 against y = 1 costs
    /// exactly 100 instead of infinity.
    /// </summary>
    /// <param name="input">Probabilities in [0, 1] (e.g. after Sigmoid); anything else is an error.</param>
    /// <param name="target">Targets in [0, 1], the input's shape.</param>
    /// <param name="weight">Optional weight broadcast over the input (per element, or e.g. per column).</param>
    /// <param name="reduction">None, Mean (divided by the number of elements, whatever the weights) or Sum.</param>
    /// <remarks>
    /// The range check reads the input back to the host. The gradient is torch's formula
    /// w·(x − y)/max(x(1 − x), 1e-12), which autograd cannot derive from the clamped forward pass, so it is
    /// recorded as one operation (its rule is in GradientRules).
    /// </remarks>
    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight = null,
        Reduction reduction = Reduction.Mean)
    {
        const string loss = "BceLoss";
        CheckSameShape(loss, input, target);
        CheckBroadcastsTo(loss, "weight", weight, input);
        CheckProbabilities(loss, input);
        Tensor perElement;
        using (Tensor.NoGrad())
        {
            // torch's kernel: (y − 1)·max(log1p(−x), −100) − y·max(log x, −100), then times the weight.
            perElement = ((target - 1) * (-input).Log1p().Clamp(min: -100)) - (target * input.Log().Clamp(min: -100));
            if (weight is not null)
            {
                perElement = perElement * weight;
            }
        }

        Tensor[] inputs = weight is null ? [input, target] : [input, target, weight];
        var recorded = Function.Apply("BinaryCrossEntropy", perElement, inputs,
            GradientRules.BinaryCrossEntropy(input, target, weight));
        return Reduce(recorded, reduction);
    }

    /// <summary>
    /// Binary cross-entropy of logits, sigmoid and loss in one stable formula
    /// (torch.nn.functional.binary_cross_entropy_with_logits): (1 − y)·x + l·(log(e⁻ᵐ + e⁻ˣ⁻ᵐ) + m) with
    /// m = max(−x, 0) and l = 1 + (p − 1)·y, torch's exact expression; logits of ±1000 stay finite.
    /// </summary>
    /// <param name="input">Logits, any shape.</param>
    /// <param name="target">Targets in [0, 1], the input's shape.</param>
    /// <param name="weight">Optional weight broadcast over the input.</param>
    /// <param name="posWeight">Optional weight p of the positive term, broadcast along the last dimension
    /// (one per class in multi-label problems): p &gt; 1 raises recall, p &lt; 1 precision.</param>
    /// <param name="reduction">None, Mean (divided by the number of elements) or Sum.</param>
    /// <remarks>
    /// log(e⁻ᵐ + e⁻ˣ⁻ᵐ) + m is log(1 + e⁻ˣ) for any m; choosing m = max(−x, 0) keeps both exponents ≤ 0. Because the
    /// value does not depend on m, autograd's gradient is right even at the kink of max(−x, 0): σ(x) − y without
    /// posWeight, (1 + (p − 1)y)σ(x) − p·y with it.
    /// </remarks>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor? weight = null,
        Tensor? posWeight = null, Reduction reduction = Reduction.Mean)
    {
        const string loss = "BceWithLogitsLoss";
        CheckSameShape(loss, input, target);
        CheckBroadcastsTo(loss, "weight", weight, input);
        CheckBroadcastsTo(loss, "posWeight", posWeight, input);
        var m = (-input).Relu();
        var softplusOfMinusX = (m.Neg().Exp() + (-input - m).Exp()).Log() + m;
        var logWeighted = posWeight is null ? softplusOfMinusX : (((posWeight - 1) * target) + 1) * softplusOfMinusX;
        var perElement = ((1 - target) * input) + logWeighted;
        return Reduce(weight is null ? perElement : perElement * weight, reduction);
    }

    /// <summary>Throws for the first input outside [0, 1] (or NaN), naming its value and index.</summary>
    private static void CheckProbabilities(string loss, Tensor input)
    {
        var values = input.ToDoubles();
        for (var i = 0; i < values.Length; i++)
        {
            if (!(values[i] >= 0 && values[i] <= 1))
            {
                var value = values[i].ToString("R", CultureInfo.InvariantCulture);
                throw new ArgumentOutOfRangeException(nameof(input),
                    $"{loss}: input {value} at {IndexText(input.Shape, i)} is outside [0, 1]; {loss} takes " +
                    "probabilities: apply Sigmoid first, or give the logits to BceWithLogitsLoss.");
            }
        }
    }

    /// <summary>A flat index as a multi-index, e.g. [1, 2].</summary>
    private static string IndexText(Shape shape, int flat)
    {
        var index = new int[shape.Rank];
        for (var d = shape.Rank - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }

        return "[" + string.Join(", ", index) + "]";
    }
}
