namespace Lessons.Losses;

/// <summary>
/// The reductions of <see cref="KlDivLoss"/>, torch's four: KL divergence has one more than the other losses,
/// <see cref="BatchMean"/>, the only one that gives the true KL(P ‖ Q) averaged over samples.
/// </summary>
public enum KlDivReduction
{
    /// <summary>One value per element.</summary>
    None,

    /// <summary>The sum divided by the batch size (the size of dimension 0): the mathematical KL per sample.</summary>
    BatchMean,

    /// <summary>The sum of every element.</summary>
    Sum,

    /// <summary>The sum divided by the number of elements (torch's default, which it warns is not the KL).</summary>
    Mean,
}
