namespace Lessons.Losses;

/// <summary>
/// Kullback–Leibler divergence of log-probabilities from a target distribution, as torch.nn.KLDivLoss; see
/// <see cref="Functional.KlDiv"/>. Use <see cref="KlDivReduction.BatchMean"/> for the mathematical KL.
/// </summary>
/// <param name="reduction">How the per-element values are combined.</param>
/// <param name="logTarget">Whether the target holds log-probabilities (torch's log_target).</param>
public sealed class KlDivLoss(KlDivReduction reduction = KlDivReduction.Mean, bool logTarget = false) : Loss
{
    /// <summary>How the per-element values are combined.</summary>
    public KlDivReduction Reduction { get; } = reduction;

    /// <summary>Whether the target holds log-probabilities.</summary>
    public bool LogTarget { get; } = logTarget;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, Tensor target) =>
        Functional.KlDiv(input, target, Reduction, LogTarget);
}
