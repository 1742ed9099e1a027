namespace Lessons.Losses;

public static partial class Functional
{
    /// <summary>
    /// Negative log-likelihood of log-probabilities (torch.nn.functional.nll_loss): −w[yₙ]·x[n, yₙ] per sample.
    /// Cross-entropy is this after a log-softmax.
    /// </summary>
    /// <param name="input">Log-probabilities: (C), (N, C) or (N, C, d₁, …, dₖ); the class dimension is dim 1.</param>
    /// <param name="target">Int32 class indices, the input's shape without dim 1.</param>
    /// <param name="weight">Optional per-class weights, shape (C).</param>
    /// <param name="ignoreIndex">Targets equal to this add nothing to the loss nor to the mean's count.</param>
    /// <param name="reduction">None, Sum, or Mean: divided by Σ w[yₙ] over the rows not ignored.</param>
    public static Tensor NllLoss(Tensor input, Tensor target, Tensor? weight = null, int ignoreIndex = -100,
        Reduction reduction = Reduction.Mean)
    {
        const string loss = "NllLoss";
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        CheckFloat(loss, "input", input);
        var targets = ClassTargets.Prepare(loss, input, target, ignoreIndex);
        CheckClassWeight(loss, weight, input);
        ClassTargets.CheckLabels(loss, targets.Labels, targets.Classes, ignoreIndex);
        var rowWeights = targets.RowWeights(weight);
        var picked = targets.Rows.Gather(1, targets.SafeLabels.Reshape(-1, 1)).Reshape(-1);
        return targets.Reduce(weight is null ? -picked : -(picked * rowWeights), reduction, () => rowWeights.Sum());
    }
}
