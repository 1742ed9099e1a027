namespace Lessons.Losses;

/// <summary>
/// Binary cross-entropy of probabilities with torch's −100 log clamp, as torch.nn.BCELoss; see
/// <see cref="Functional.BinaryCrossEntropy"/>.
/// </summary>
/// <param name="weight">Optional weight broadcast over the input.</param>
/// <param name="reduction">How the per-element losses are combined.</param>
public sealed class BceLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean) : Loss
{
    /// <summary>The weight broadcast over the input, or null.</summary>
    public Tensor? Weight { get; } = weight;

    /// <summary>How the per-element losses are combined.</summary>
    public Reduction Reduction { get; } = reduction;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) =>
        Functional.BinaryCrossEntropy(input, target, Weight, Reduction);
}
