namespace Lessons.Framework;

/// <summary>
/// How a training step turns a minibatch's per-example losses into a parameter update — d2l's
/// <c>train_epoch_ch3</c> checks <c>isinstance(updater, torch.optim.Optimizer)</c>; here the two cases are types.
/// </summary>
public interface IUpdater
{
    /// <summary>Backpropagates <paramref name="l"/> (one loss per example) and updates the parameters.</summary>
    void Update(Tensor l, int batchSize);
}

/// <summary>
/// The from-scratch updater: backpropagate the summed loss, then call the book's <c>updater(batch_size)</c>, which
/// divides by the batch size itself (as d2l's <c>sgd</c> does).
/// </summary>
/// <param name="step">The update, given the batch size.</param>
public sealed class ScratchUpdater(Action<int> step) : IUpdater
{
    /// <inheritdoc/>
    public void Update(Tensor l, int batchSize)
    {
        l.Sum().Backward();
        step(batchSize);
    }
}
