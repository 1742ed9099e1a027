namespace Lessons.Losses;

/// <summary>
/// Cross-entropy of logits against class indices or class probabilities, as torch.nn.CrossEntropyLoss — the loss
/// of d2l's concise softmax regression (§3.7 / §4.5), stable for any logits; see
/// <see cref="Functional.CrossEntropy"/>.
/// </summary>
/// <param name="weight">Optional per-class weights, shape (C).</param>
/// <param name="ignoreIndex">Class-index targets equal to this are left out (torch's ignore_index).</param>
/// <param name="reduction">How the per-sample losses are combined.</param>
/// <param name="labelSmoothing">ε in [0, 1] (torch's label_smoothing).</param>
public sealed class CrossEntropyLoss(Tensor? weight = null, int ignoreIndex = -100,
    Reduction reduction = Reduction.Mean, double labelSmoothing = 0) : Loss
{
    /// <summary>Per-class weights, or null.</summary>
    public Tensor? Weight { get; } = weight;

    /// <summary>The class index that is left out.</summary>
    public int IgnoreIndex { get; } = ignoreIndex;

    /// <summary>How the per-sample losses are combined.</summary>
    public Reduction Reduction { get; } = reduction;

    /// <summary>ε, the share of the target spread uniformly over the classes.</summary>
    public double LabelSmoothing { get; } = labelSmoothing;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) =>
        Functional.CrossEntropy(input, target, Weight, IgnoreIndex, Reduction, LabelSmoothing);
}
