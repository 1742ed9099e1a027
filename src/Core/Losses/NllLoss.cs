namespace Lessons.Losses;

/// <summary>
/// Negative log-likelihood of log-probabilities, as torch.nn.NLLLoss; see <see cref="Functional.NllLoss"/>.
/// </summary>
/// <param name="weight">Optional per-class weights, shape (C).</param>
/// <param name="ignoreIndex">Targets equal to this are left out (torch's ignore_index).</param>
/// <param name="reduction">How the per-sample losses are combined.</param>
public sealed class NllLoss(Tensor? weight = null, int ignoreIndex = -100, Reduction reduction = Reduction.Mean)
    : Loss
{
    /// <summary>Per-class weights, or null.</summary>
    public Tensor? Weight { get; } = weight;

    /// <summary>The class index that is left out.</summary>
    public int IgnoreIndex { get; } = ignoreIndex;

    /// <summary>How the per-sample losses are combined.</summary>
    public Reduction Reduction { get; } = reduction;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) =>
        Functional.NllLoss(input, target, Weight, IgnoreIndex, Reduction);
}
