namespace Lessons.NN;

/// <summary>1 / (1 + e⁻ˣ) element-wise, as torch.nn.Sigmoid (d2l §4.1's other activation).</summary>
public sealed class Sigmoid : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Sigmoid();
    }
}
