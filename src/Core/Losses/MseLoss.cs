namespace Lessons.Losses;

/// <summary>
/// Mean squared error (x − y)², as torch.nn.MSELoss — the loss of d2l's concise linear regression (§3.3 / §3.5);
/// see <see cref="Functional.MseLoss"/>.
/// </summary>
/// <param name="reduction">How the per-element losses are combined.</param>
public sealed class MseLoss(Reduction reduction = Reduction.Mean) : Loss
{
    /// <summary>How the per-element losses are combined.</summary>
    public Reduction Reduction { get; } = reduction;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) => Functional.MseLoss(input, target, Reduction);
}
