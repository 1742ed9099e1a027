namespace Lessons.Losses;

/// <summary>
/// Huber loss, quadratic within δ of the target and linear beyond, as torch.nn.HuberLoss (the d2l §3.3 / §3.5
/// exercise); see <see cref="Functional.HuberLoss"/>.
/// </summary>
/// <param name="reduction">How the per-element losses are combined.</param>
/// <param name="delta">δ, where the quadratic part meets the linear one.</param>
public sealed class HuberLoss(Reduction reduction = Reduction.Mean, double delta = 1) : Loss
{
    /// <summary>How the per-element losses are combined.</summary>
    public Reduction Reduction { get; } = reduction;

    /// <summary>δ, where the quadratic part meets the linear one.</summary>
    public double Delta { get; } = delta;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) =>
        Functional.HuberLoss(input, target, Reduction, Delta);
}
