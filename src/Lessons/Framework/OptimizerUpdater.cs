using Lessons.Optim;

namespace Lessons.Framework;

/// <summary>
/// The concise updater of <c>train_epoch_ch3</c>: clear the gradients, backpropagate the mean loss, let the
/// optimizer step (d2l's <c>updater.zero_grad(); l.mean().backward(); updater.step()</c>).
/// </summary>
/// <param name="optimizer">The optimizer that owns the parameters.</param>
public sealed class OptimizerUpdater(Optimizer optimizer) : IUpdater
{
    /// <inheritdoc/>
    public void Update(Tensor l, int batchSize)
    {
        optimizer.ZeroGrad();
        l.Mean().Backward();
        optimizer.Step();
    }
}
