namespace Lessons.NN;

/// <summary>max(x, 0) element-wise, as torch.nn.ReLU: the hidden activation of d2l's MLP (§4.1–4.3).</summary>
public sealed class ReLU : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Relu();
    }
}
