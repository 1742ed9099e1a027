namespace Lessons.Losses;

/// <summary>Mean absolute error |x − y|, as torch.nn.L1Loss; see <see cref="Functional.L1Loss"/>.</summary>
/// <param name="reduction">How the per-element losses are combined.</param>
public sealed class L1Loss(Reduction reduction = Reduction.Mean) : Loss
{
    /// <summary>How the per-element losses are combined.</summary>
    public Reduction Reduction { get; } = reduction;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.L1Loss(input, target, Reduction);
}
