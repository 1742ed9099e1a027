namespace Lessons.Optim;

/// <summary>
/// Updates parameters from their gradients, as torch.optim.Optimizer (d2l §3.3 / §3.5 <c>torch.optim.SGD</c>):
/// after <c>loss.Backward()</c>, <see cref="Step"/> updates every parameter in place and <see cref="ZeroGrad"/>
/// clears the gradients for the next batch.
/// </summary>
/// <remarks>
/// Updates run under <see cref="Tensor.NoGrad"/>, on the parameters' own backend, with no host round trip. Per-
/// parameter state (momentum buffers, Adam's moments) is created on the first step, outside any
/// <see cref="Tensor.Scope"/>, so it survives the training step's scope.
/// </remarks>
public abstract class Optimizer
{
    private double learningRate;

    /// <summary>Checks and keeps the parameters and learning rate; <paramref name="name"/> prefixes errors.</summary>
    protected Optimizer(IEnumerable<Tensor> parameters, double learningRate, string name)
    {
        Name = name;
        if (parameters is null)
        {
            throw new ArgumentNullException(nameof(parameters), $"{name}: got no parameter list (null).");
        }

        var list = parameters.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException($"{name}: got an empty parameter list.", nameof(parameters));
        }

        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < list.Count; i++)
        {
            var p = list[i] ?? throw new ArgumentNullException(nameof(parameters), $"{name}: parameter {i} is null.");
            if (!p.DType.IsFloatingPoint() || !p.IsLeaf)
            {
                throw new ArgumentException(
                    $"{name}: parameter {i} ({p.Shape}) must be a floating-point leaf tensor; an optimizer cannot " +
                    "update the result of an operation.", nameof(parameters));
            }

            if (!seen.Add(p))
            {
                throw new ArgumentException($"{name}: parameter {i} ({p.Shape}) appears twice.", nameof(parameters));
            }
        }

        Parameters = list;
        LearningRate = learningRate;
    }

    /// <summary>The parameters this optimizer updates, in the order given.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The position of <paramref name="parameter"/> in <see cref="Parameters"/>, or −1 (for per-parameter
    /// state lookups).</summary>
    protected int IndexOf(Tensor parameter)
    {
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (ReferenceEquals(Parameters[i], parameter))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The learning rate; may be changed between steps (a schedule, or d2l's lr-scaling exercise).</summary>
    public double LearningRate
    {
        get => learningRate;
        set
        {
            if (!(value >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(value), $"{Name}: invalid learning rate: {value}.");
            }

            learningRate = value;
        }
    }

    /// <summary>The optimizer's name in error messages.</summary>
    protected string Name { get; }

    /// <summary>Zeroes every parameter's gradient in place (torch 1.13's zero_grad(set_to_none=False)).</summary>
    public void ZeroGrad()
    {
        using (Tensor.NoGrad())
        {
            foreach (var p in Parameters)
            {
                p.ZeroGrad();
            }
        }
    }

    /// <summary>Updates every parameter that has a gradient; parameters without one are skipped, as in torch.</summary>
    public void Step()
    {
        using var noGrad = Tensor.NoGrad();
        using var scope = Tensor.Scope(); // the step's temporaries are released at its end
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (Parameters[i].Grad is { } grad)
            {
                Update(i, Parameters[i], grad);
            }
        }
    }

    /// <summary>Updates parameter <paramref name="index"/> in place from its <paramref name="grad"/>.</summary>
    protected abstract void Update(int index, Tensor parameter, Tensor grad);

    /// <summary>Throws unless <paramref name="value"/> ≥ 0; names the setting.</summary>
    protected void CheckNonNegative(double value, string setting)
    {
        if (!(value >= 0))
        {
            throw new ArgumentOutOfRangeException(setting, $"{Name}: invalid {setting} value: {value}.");
        }
    }
}
