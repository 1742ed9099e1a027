using System.Text;

namespace Lessons.NN;

/// <summary>
/// A layer or a network, as torch.nn.Module (d2l §3.3 / §3.5, "concise implementation"): it maps an input to an
/// output in <see cref="Forward"/>, owns its parameters and its child modules, and knows whether it is training
/// (layers such as <see cref="Dropout"/> behave differently in evaluation).
/// </summary>
/// <remarks>
/// Subclasses register what they own with <see cref="RegisterParameter"/> and <see cref="RegisterModule{T}"/> in
/// their constructor; everything else (<see cref="Parameters"/>, <see cref="ZeroGrad"/>, <see cref="Train"/>,
/// <see cref="Apply"/>) walks that registry, children in registration order, as torch does.
/// </remarks>
public abstract class Module
{
    private readonly List<(string Name, Tensor Parameter)> parameters = [];
    private readonly List<(string Name, Module Module)> children = [];

    /// <summary>True in training mode (the default), false after <see cref="Eval"/>.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>Computes the module's output for <paramref name="input"/> (torch's forward).</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Every parameter of this module and its descendants, each once, in registration order.</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>
    /// Every parameter with its dotted path, as torch's named_parameters: a Sequential whose first layer is a
    /// Linear gives "0.weight" and "0.bias". A tensor registered twice is listed once, under its first name.
    /// </summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (name, parameter) in NamedParametersWithDuplicates(prefix: ""))
        {
            if (seen.Add(parameter))
            {
                yield return (name, parameter);
            }
        }
    }

    /// <summary>The direct children, in registration order (torch's children()).</summary>
    public IEnumerable<Module> Children() => children.Select(c => c.Module);

    /// <summary>The direct children with their names (torch's named_children()).</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => children;

    /// <summary>Sets training mode on this module and every descendant; returns this module.</summary>
    public Module Train(bool training = true)
    {
        IsTraining = training;
        foreach (var (_, child) in children)
        {
            child.Train(training);
        }

        return this;
    }

    /// <summary>Sets evaluation mode (torch's eval()): the same as <c>Train(false)</c>.</summary>
    public Module Eval() => Train(false);

    /// <summary>Zeroes the gradient of every parameter in place (torch 1.13's zero_grad(set_to_none=False)).</summary>
    public void ZeroGrad()
    {
        using (Tensor.NoGrad())
        {
            foreach (var parameter in Parameters())
            {
                parameter.ZeroGrad();
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="function"/> on every descendant and then on this module, as torch's apply — d2l's
    /// <c>net.apply(init_weights)</c>:
    /// <c>net.Apply(m => { if (m is Linear l) Init.Normal(l.Weight, 0, 0.01); })</c>.
    /// </summary>
    public Module Apply(Action<Module> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        foreach (var (_, child) in children)
        {
            child.Apply(function);
        }

        function(this);
        return this;
    }

    /// <summary>The module as torch prints it: its name and settings, then its children indented.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(GetType().Name).Append('(').Append(ExtraRepresentation());
        if (children.Count > 0)
        {
            text.Append('\n');
            foreach (var (name, child) in children)
            {
                var inner = child.ToString().Replace("\n", "\n  ", StringComparison.Ordinal);
                text.Append("  (").Append(name).Append("): ").Append(inner).Append('\n');
            }
        }

        return text.Append(')').ToString();
    }

    /// <summary>The settings shown between the parentheses of <see cref="ToString"/> (torch's extra_repr).</summary>
    protected virtual string ExtraRepresentation() => "";

    /// <summary>Registers <paramref name="parameter"/> under <paramref name="name"/>; returns it.</summary>
    protected Tensor RegisterParameter(string name, Tensor parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        CheckName(name);
        if (!parameter.DType.IsFloatingPoint() || !parameter.IsLeaf)
        {
            throw new ArgumentException(
                $"{GetType().Name}: parameter '{name}' must be a floating-point leaf tensor, got a {parameter.DType} " +
                $"{(parameter.IsLeaf ? "leaf" : "result of an operation")}.");
        }

        parameter.RequiresGrad = true;
        parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>Registers <paramref name="module"/> as a child under <paramref name="name"/>; returns it.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckName(name);
        children.Add((name, module));
        module.Train(IsTraining);
        return module;
    }

    private IEnumerable<(string Name, Tensor Parameter)> NamedParametersWithDuplicates(string prefix)
    {
        foreach (var (name, parameter) in parameters)
        {
            yield return (prefix + name, parameter);
        }

        foreach (var (name, child) in children)
        {
            foreach (var entry in child.NamedParametersWithDuplicates(prefix + name + "."))
            {
                yield return entry;
            }
        }
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{GetType().Name}: '{name}' is not a valid name (non-empty, without '.').");
        }

        if (parameters.Any(p => p.Name == name) || children.Any(c => c.Name == name))
        {
            throw new ArgumentException($"{GetType().Name}: the name '{name}' is already registered.");
        }
    }
}
