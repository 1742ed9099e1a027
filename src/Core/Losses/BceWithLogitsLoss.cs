namespace Lessons.Losses;

/// <summary>
/// Sigmoid and binary cross-entropy in one stable formula, as torch.nn.BCEWithLogitsLoss; see
/// <see cref="Functional.BinaryCrossEntropyWithLogits"/>.
/// </summary>
/// <param name="weight">Optional weight broadcast over the input.</param>
/// <param name="posWeight">Optional weight of the positive term, broadcast along the last dimension.</param>
/// <param name="reduction">How the per-element losses are combined.</param>
public sealed class BceWithLogitsLoss(Tensor? weight = null, Tensor? posWeight = null,
    Reduction reduction = Reduction.Mean) : Loss
{
    /// <summary>The weight broadcast over the input, or null.</summary>
    public Tensor? Weight { get; } = weight;

    /// <summary>The weight of the positive term, or null.</summary>
    public Tensor? PosWeight { get; } = posWeight;

    /// <summary>How the per-element losses are combined.</summary>
    public Reduction Reduction { get; } = reduction;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) =>
        Functional.BinaryCrossEntropyWithLogits(input, target, Weight, PosWeight, Reduction);
}
