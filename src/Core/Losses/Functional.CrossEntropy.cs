namespace Lessons.Losses;

public static partial class Functional
{
    /// <summary>
    /// Cross-entropy of logits against class indices or class probabilities (torch.nn.functional.cross_entropy;
    /// d2l §3.4 / §4.1, and the concise softmax regression §3.7 / §4.5). The logits go through log-softmax by
    /// log-sum-exp, so logits of ±1000 give finite losses and gradients.
    /// </summary>
    /// <param name="input">Logits: (C), (N, C) or (N, C, d₁, …, dₖ); the class dimension is dim 1.</param>
    /// <param name="target">
    /// Int32 class indices of the input's shape without dim 1, or probabilities of the input's own shape.
    /// </param>
    /// <param name="weight">Optional per-class weights, shape (C).</param>
    /// <param name="ignoreIndex">Class-index targets equal to this add nothing to the loss or the mean's count.</param>
    /// <param name="reduction">None (one loss per sample), Mean (divided by the total weight of the rows kept,
    /// or by the number of samples for probability targets) or Sum.</param>
    /// <param name="labelSmoothing">ε in [0, 1]: the target mixes (1 − ε) of itself with ε spread uniformly.</param>
    /// <remarks>
    /// The plain case — class indices, no weight, no smoothing — is the training fast path: one fused kernel
    /// computes every row's loss and its backward is the fused softmax(o) − onehot(y), with no host round trip
    /// (the backend checks the labels). Every other case is composed from log-softmax, gather and sums.
    /// </remarks>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight = null, int ignoreIndex = -100,
        Reduction reduction = Reduction.Mean, double labelSmoothing = 0)
    {
        const string loss = "CrossEntropyLoss";
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        CheckFloat(loss, "input", input);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing),
                $"{loss}: label_smoothing must be between 0.0 and 1.0, got {labelSmoothing}.");
        }

        if (input.Rank > 0 && target.DType.IsFloatingPoint() && target.Shape == input.Shape)
        {
            CheckClassWeight(loss, weight, input);
            return CrossEntropyWithProbabilities(input, target, weight, reduction, labelSmoothing);
        }

        var targets = ClassTargets.Prepare(loss, input, target, ignoreIndex);
        CheckClassWeight(loss, weight, input);
        if (weight is null && labelSmoothing == 0)
        {
            return FusedCrossEntropy(targets, ignoreIndex, reduction);
        }

        ClassTargets.CheckLabels(loss, targets.Labels, targets.Classes, ignoreIndex);
        var logProbabilities = targets.Rows.LogSoftmax(1);
        var rowWeights = targets.RowWeights(weight);
        var picked = logProbabilities.Gather(1, targets.SafeLabels.Reshape(-1, 1)).Reshape(-1);
        var nll = targets.Reduce(weight is null ? -picked : -(picked * rowWeights), reduction, () => rowWeights.Sum());
        if (labelSmoothing == 0)
        {
            return nll;
        }

        // torch 1.13: (1 − ε)·NLL + (ε/C)·Σ_c −w[c]·log p[n, c], both terms reduced alike (ignored rows are 0 and
        // the mean divides both by the same total weight).
        var weighted = weight is null ? logProbabilities : logProbabilities * weight;
        var smooth = targets.Reduce(-weighted.Sum(1), reduction, () => rowWeights.Sum());
        return ((1 - labelSmoothing) * nll) + (smooth * (labelSmoothing / targets.Classes));
    }

    /// <summary>The fast path: per-row losses from the fused kernel, ignored rows masked, then reduced.</summary>
    private static Tensor FusedCrossEntropy(ClassTargets targets, int ignoreIndex, Reduction reduction)
    {
        Tensor rowLoss;
        try
        {
            rowLoss = Tensor.SoftmaxCrossEntropy(targets.Rows, targets.SafeLabels);
        }
        catch (ArgumentOutOfRangeException)
        {
            // The backend refused a label; read them back (we are failing anyway) to name it the loss's way.
            ClassTargets.CheckLabels("CrossEntropyLoss", targets.Labels, targets.Classes, ignoreIndex);
            throw;
        }

        return targets.Reduce(rowLoss, reduction, () => targets.Keep.Sum());
    }

    /// <summary>
    /// Soft labels: −Σ_c w[c]·y[n, c]·log p[n, c], with y ← y(1 − ε) + ε/C under smoothing; as torch 1.13 the
    /// mean divides by the number of samples (numel / C), not by the weights.
    /// </summary>
    private static Tensor CrossEntropyWithProbabilities(Tensor input, Tensor target, Tensor? weight,
        Reduction reduction, double labelSmoothing)
    {
        Tensor.CheckCompatible(input, target, "CrossEntropyLoss");
        var classes = input.Rank == 1 ? input.Shape[0] : input.Shape[1];
        var rows = ClassTargets.ClassesLast(input);
        var y = ClassTargets.ClassesLast(target);
        if (labelSmoothing > 0)
        {
            y = (y * (1 - labelSmoothing)) + (labelSmoothing / classes);
        }

        var terms = rows.LogSoftmax(-1) * y;
        if (weight is not null)
        {
            terms = terms * weight;
        }

        return reduction switch
        {
            Reduction.None => -terms.Sum(-1),
            Reduction.Sum => -terms.Sum(),
            Reduction.Mean => -terms.Sum() / (input.Numel / classes),
            _ => throw new ArgumentOutOfRangeException(nameof(reduction), $"Unknown reduction {reduction}."),
        };
    }

    /// <summary>Throws unless a per-class weight has shape (C) and matches the input's dtype and backend.</summary>
    private static void CheckClassWeight(string loss, Tensor? weight, Tensor input)
    {
        if (weight is null)
        {
            return;
        }

        var classes = input.Rank == 1 ? input.Shape[0] : input.Shape[1];
        if (weight.Rank != 1 || weight.Shape[0] != classes)
        {
            throw new ArgumentException(
                $"{loss}: weight has shape {weight.Shape}, expected ({classes}): one weight per class.");
        }

        CheckFloat(loss, "weight", weight);
        Tensor.CheckCompatible(input, weight, loss);
    }
}
