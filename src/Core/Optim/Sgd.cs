using Lessons.Memory;

namespace Lessons.Optim;

/// <summary>
/// Stochastic gradient descent, with optional momentum, dampening, weight decay and Nesterov momentum, as
/// torch.optim.SGD in torch 1.13 (d2l §3.3 / §3.5 <c>torch.optim.SGD(net.parameters(), lr=0.03)</c>):
/// <code>
/// d = g + weightDecay·p
/// b = d on the first step, else momentum·b + (1 − dampening)·d      (only with momentum)
/// d = d + momentum·b if nesterov, else b                            (only with momentum)
/// p = p − lr·d
/// </code>
/// </summary>
/// <remarks>
/// Plain SGD is one fused kernel per parameter (<see cref="Tensor.SgdUpdate"/>). The momentum buffer starts as a
/// copy of the first gradient, undampened, exactly as torch.
/// </remarks>
public sealed class Sgd : Optimizer
{
    private readonly Tensor?[] buffers;

    /// <summary>An SGD optimizer over <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The tensors to update, e.g. <c>net.Parameters()</c>.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="momentum">Momentum factor (0: none).</param>
    /// <param name="dampening">Dampening of the momentum (the gradient enters the buffer times 1 − dampening).</param>
    /// <param name="weightDecay">L2 penalty: weightDecay·p is added to the gradient.</param>
    /// <param name="nesterov">Nesterov momentum (needs momentum &gt; 0 and no dampening).</param>
    public Sgd(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false)
        : base(parameters, lr, "Sgd")
    {
        CheckNonNegative(momentum, nameof(momentum));
        CheckNonNegative(weightDecay, nameof(weightDecay));
        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException("Sgd: Nesterov momentum requires a momentum and zero dampening.");
        }

        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        buffers = new Tensor?[Parameters.Count];
    }

    /// <summary>Momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>Dampening of the momentum.</summary>
    public double Dampening { get; }

    /// <summary>L2 penalty factor.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <summary>The momentum buffer of <paramref name="parameter"/> (torch's momentum_buffer), or null.</summary>
    public Tensor? MomentumBuffer(Tensor parameter)
    {
        var index = IndexOf(parameter);
        return index < 0 ? null : buffers[index];
    }

    /// <inheritdoc/>
    protected override void Update(int index, Tensor parameter, Tensor grad)
    {
        var d = WeightDecay != 0 ? grad + (parameter * WeightDecay) : grad;
        if (Momentum != 0)
        {
            var buffer = buffers[index];
            if (buffer is null)
            {
                using (TensorScope.Suspend())
                {
                    buffer = buffers[index] = d.Clone();
                }
            }
            else
            {
                buffer *= Momentum;
                buffer += d * (1 - Dampening);
            }

            d = Nesterov ? d + (buffer * Momentum) : buffer;
        }

        parameter.SgdUpdate(d, LearningRate);
    }
}
