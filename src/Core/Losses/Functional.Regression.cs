namespace Lessons.Losses;

public static partial class Functional
{
    /// <summary>
    /// Mean absolute error |x − y| (torch.nn.functional.l1_loss). Its gradient is sign(x − y), with sign(0) = 0
    /// where a prediction is exactly right, as torch.
    /// </summary>
    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape("L1Loss", input, target);
        return Reduce((input - target).Abs(), reduction);
    }

    /// <summary>
    /// Mean squared error (x − y)², without d2l's ½ (torch.nn.functional.mse_loss; d2l §3.3 / §3.5). Its gradient
    /// is 2(x − y), divided by the number of elements under <see cref="Reduction.Mean"/>.
    /// </summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape("MseLoss", input, target);
        return Reduce((input - target).Square(), reduction);
    }

    /// <summary>
    /// Huber loss (torch.nn.functional.huber_loss): ½d² where |d| &lt; δ, else δ(|d| − ½δ), for d = x − y —
    /// quadratic near the target, linear (so robust to outliers) far from it; the d2l §3.3 exercise.
    /// </summary>
    public static Tensor HuberLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean,
        double delta = 1)
    {
        CheckSameShape("HuberLoss", input, target);
        if (!(delta > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), $"HuberLoss: delta must be positive, got {delta}.");
        }

        var d = input - target;
        var size = d.Abs();
        var quadratic = 0.5 * d.Square();
        var linear = delta * (size - (0.5 * delta));
        return Reduce(Tensor.Where(size < delta, quadratic, linear), reduction);
    }

    /// <summary>
    /// Smooth L1 loss (torch.nn.functional.smooth_l1_loss): ½d²/β where |d| &lt; β, else |d| − ½β; it equals
    /// Huber(δ = β)/β. With β = 0 it is the L1 loss, and the gradient keeps torch 1.13's quirk: −1 (not 0) where
    /// d = 0, because torch's kernel tests d ≤ −β before d ≥ β.
    /// </summary>
    public static Tensor SmoothL1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean,
        double beta = 1)
    {
        CheckSameShape("SmoothL1Loss", input, target);
        if (!(beta >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), $"SmoothL1Loss: beta must be >= 0, got {beta}.");
        }

        var d = input - target;
        if (beta == 0)
        {
            // |d| written as d·s with s = +1 where d > 0 and −1 elsewhere, s held constant: the forward value is
            // exactly |d| and the gradient is s, which is torch's −1 at d = 0.
            using var positive = d > 0; // comparisons record no graph
            return Reduce(d * ((2 * positive) - 1), reduction);
        }

        var size = d.Abs();
        var quadratic = 0.5 * d.Square() / beta;
        var linear = size - (0.5 * beta);
        return Reduce(Tensor.Where(size < beta, quadratic, linear), reduction);
    }
}
