namespace Lessons.Losses;

/// <summary>
/// Smooth L1 loss, Huber(δ = β)/β, as torch.nn.SmoothL1Loss; see <see cref="Functional.SmoothL1Loss"/> (including
/// torch's β = 0 gradient quirk).
/// </summary>
/// <param name="reduction">How the per-element losses are combined.</param>
/// <param name="beta">β, where the quadratic part meets the linear one; 0 makes it the L1 loss.</param>
public sealed class SmoothL1Loss(Reduction reduction = Reduction.Mean, double beta = 1) : Loss
{
    /// <summary>How the per-element losses are combined.</summary>
    public Reduction Reduction { get; } = reduction;

    /// <summary>β, where the quadratic part meets the linear one.</summary>
    public double Beta { get; } = beta;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) =>
        Functional.SmoothL1Loss(input, target, Reduction, Beta);
}
