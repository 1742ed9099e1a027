using Lessons.Backends;
using Lessons.Memory;

namespace Lessons.Optim;

/// <summary>
/// Adam, with optional L2 weight decay and AMSGrad, as torch.optim.Adam in torch 1.13 (the seed notes train their
/// 784-128-10 MLP with it). With t the parameter's step count:
/// <code>
/// g = g + weightDecay·p
/// m = β₁·m + (1 − β₁)·g
/// v = β₂·v + (1 − β₂)·g²
/// v̂ = max(v̂, v) with AMSGrad, else v
/// p = p − (lr / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + eps)
/// </code>
/// eps is added after the square root and the bias correction, as torch does.
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly AdamState?[] states;

    /// <summary>An Adam optimizer over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to update, e.g. <c>net.Parameters()</c>.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="betas">(β₁, β₂), the decay rates of the two moments; (0.9, 0.999) when null.</param>
    /// <param name="eps">Added to the denominator for numerical stability.</param>
    /// <param name="weightDecay">L2 penalty: weightDecay·p is added to the gradient (not decoupled as AdamW).</param>
    /// <param name="amsgrad">Normalise by the largest second moment seen so far (AMSGrad).</param>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, (double Beta1, double Beta2)? betas = null,
        double eps = 1e-8, double weightDecay = 0, bool amsgrad = false)
        : base(parameters, lr, "Adam")
    {
        var (beta1, beta2) = betas ?? (0.9, 0.999);
        CheckBeta(beta1, 0);
        CheckBeta(beta2, 1);
        CheckNonNegative(eps, nameof(eps));
        CheckNonNegative(weightDecay, nameof(weightDecay));
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        AmsGrad = amsgrad;
        states = new AdamState?[Parameters.Count];
    }

    /// <summary>β₁, the decay rate of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, the decay rate of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>The stabilising term of the denominator.</summary>
    public double Eps { get; }

    /// <summary>L2 penalty factor.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether AMSGrad is used.</summary>
    public bool AmsGrad { get; }

    /// <summary>The state of <paramref name="parameter"/>, or null before its first step.</summary>
    public AdamState? State(Tensor parameter)
    {
        var index = IndexOf(parameter);
        return index < 0 ? null : states[index];
    }

    /// <inheritdoc/>
    protected override void Update(int index, Tensor parameter, Tensor grad)
    {
        var state = states[index];
        if (state is null)
        {
            using (TensorScope.Suspend())
            {
                state = states[index] = new AdamState(Tensor.ZerosLike(parameter), Tensor.ZerosLike(parameter),
                    AmsGrad ? Tensor.ZerosLike(parameter) : null);
            }
        }

        state.Step++;

        // Bias corrections are host scalars, and the whole update is one fused pass on the device (torch's
        // foreach/fused Adam does the same): no value is read back, no temporary is allocated.
        var step = new AdamStep(Beta1, Beta2, Eps, WeightDecay,
            StepSize: LearningRate / (1 - Math.Pow(Beta1, state.Step)),
            Correction2Sqrt: Math.Sqrt(1 - Math.Pow(Beta2, state.Step)));
        parameter.Backend.AdamUpdate(parameter.Buffer, grad.Buffer, state.ExpAvg.Buffer, state.ExpAvgSq.Buffer,
            state.MaxExpAvgSq?.Buffer, step);
    }

    private void CheckBeta(double beta, int which)
    {
        if (!(beta >= 0 && beta < 1))
        {
            throw new ArgumentOutOfRangeException(
                "betas", $"{Name}: invalid beta parameter at index {which}: {beta}.");
        }
    }
}
