using System.Collections;

namespace Lessons.NN;

/// <summary>
/// Modules applied one after another, as torch.nn.Sequential (d2l §3.3 / §3.5 <c>nn.Sequential(nn.Linear(2, 1))</c>).
/// The children are named "0", "1", … and reached by index: d2l's <c>net[0].weight.grad</c> is
/// <c>net.Get&lt;Linear&gt;(0).Weight.Grad</c>, or <c>((Linear)net[0]).Weight.Grad</c>.
/// </summary>
public sealed class Sequential : Module, IReadOnlyList<Module>
{
    private readonly List<Module> layers = [];

    /// <summary>A network of <paramref name="modules"/>, in order.</summary>
    public Sequential(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var module in modules)
        {
            Append(module);
        }
    }

    /// <summary>Number of modules.</summary>
    public int Count => layers.Count;

    /// <summary>The module at <paramref name="index"/>; negative indices count from the end, as in Python.</summary>
    public Module this[int index]
    {
        get
        {
            var i = index < 0 ? index + layers.Count : index;
            if (i < 0 || i >= layers.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index),
                    $"Sequential: index {index} is out of range for {layers.Count} modules.");
            }

            return layers[i];
        }
    }

    /// <summary>The module at <paramref name="index"/> as a <typeparamref name="T"/>, or a clear error.</summary>
    public T Get<T>(int index) where T : Module => this[index] as T
        ?? throw new InvalidCastException(
            $"Sequential: module {index} is a {this[index].GetType().Name}, not a {typeof(T).Name}.");

    /// <summary>Adds <paramref name="module"/> at the end (torch's append); returns this network.</summary>
    public Sequential Append(Module module)
    {
        layers.Add(RegisterModule(layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module));
        return this;
    }

    /// <summary>Feeds <paramref name="input"/> through every module in order.</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var x = input;
        foreach (var layer in layers)
        {
            x = layer.Forward(x);
        }

        return x;
    }

    /// <inheritdoc/>
    public IEnumerator<Module> GetEnumerator() => layers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
