namespace Lessons.Losses;

public static partial class Functional
{
    /// <summary>
    /// Kullback–Leibler divergence KL(P ‖ Q) per element, P·(log P − log Q), with Q given as log-probabilities
    /// (torch.nn.functional.kl_div; the seed notes' KL and cross-entropy identity H(P, Q) = H(P) + KL(P ‖ Q)).
    /// Elements where P = 0 contribute 0 (0·log 0 = 0).
    /// </summary>
    /// <param name="input">log Q, log-probabilities (e.g. from LogSoftmax).</param>
    /// <param name="target">P, probabilities, or log P when <paramref name="logTarget"/> is set.</param>
    /// <param name="reduction">
    /// BatchMean gives the true KL averaged over the batch (dimension 0); Mean, torch's default, divides by the
    /// number of elements instead.
    /// </param>
    /// <param name="logTarget">Whether the target holds log P rather than P (torch's log_target).</param>
    public static Tensor KlDiv(Tensor input, Tensor target, KlDivReduction reduction = KlDivReduction.Mean,
        bool logTarget = false)
    {
        const string loss = "KlDivLoss";
        CheckSameShape(loss, input, target);
        Tensor perElement;
        if (logTarget)
        {
            perElement = target.Exp() * (target - input);
        }
        else
        {
            // xlogy(P, P) − P·input, where xlogy is 0 wherever P = 0 (P·log P alone would be 0·(−∞) = NaN).
            var zero = Tensor.Scalar(0, target.DType, target.Backend);
            var pLogP = Tensor.Where(target.Eq(0), zero, target * target.Log());
            perElement = pLogP - (target * input);
        }

        return reduction switch
        {
            KlDivReduction.None => perElement,
            KlDivReduction.Sum => perElement.Sum(),
            KlDivReduction.Mean => perElement.Mean(),
            KlDivReduction.BatchMean => perElement.Sum() / (input.Rank == 0 ? 1 : input.Shape[0]),
            _ => throw new ArgumentOutOfRangeException(nameof(reduction), $"Unknown reduction {reduction}."),
        };
    }
}
