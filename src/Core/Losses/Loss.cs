namespace Lessons.Losses;

/// <summary>
/// A loss function as a reusable object holding its options, as torch's loss modules (<c>nn.MSELoss()</c>,
/// <c>nn.CrossEntropyLoss(reduction='none')</c>): build it once, call <see cref="Forward"/> on every batch.
/// Each subclass is a thin holder of options over its function in <see cref="Functional"/>.
/// </summary>
public abstract class Loss
{
    /// <summary>
    /// The loss of <paramref name="input"/> (predictions, logits or log-probabilities) against
    /// <paramref name="target"/>.
    /// </summary>
    public abstract Tensor Forward(Tensor input, Tensor target);
}
