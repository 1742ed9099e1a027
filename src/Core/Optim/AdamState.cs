namespace Lessons.Optim;

/// <summary>What <see cref="Adam"/> keeps per parameter, as torch's optimizer.state[p].</summary>
/// <param name="ExpAvg">m, the running mean of the gradient (torch's exp_avg).</param>
/// <param name="ExpAvgSq">v, the running mean of the squared gradient (torch's exp_avg_sq).</param>
/// <param name="MaxExpAvgSq">The largest v seen so far, with AMSGrad only (torch's max_exp_avg_sq).</param>
public sealed record AdamState(Tensor ExpAvg, Tensor ExpAvgSq, Tensor? MaxExpAvgSq)
{
    /// <summary>How many steps this parameter has taken (torch's state['step']).</summary>
    public int Step { get; internal set; }
}
