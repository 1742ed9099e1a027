namespace Lessons.NN;

/// <summary>
/// Flattens dimensions <see cref="StartDim"/>..<see cref="EndDim"/> into one, as torch.nn.Flatten: with the
/// defaults a batch of images (n, 1, 28, 28) becomes rows (n, 784), the first layer of d2l's concise softmax
/// regression (§3.7 / §4.5).
/// </summary>
/// <param name="startDim">First dimension to flatten (1: keep the batch dimension).</param>
/// <param name="endDim">Last dimension to flatten (−1: the last).</param>
public sealed class Flatten(int startDim = 1, int endDim = -1) : Module
{
    /// <summary>First dimension flattened.</summary>
    public int StartDim { get; } = startDim;

    /// <summary>Last dimension flattened.</summary>
    public int EndDim { get; } = endDim;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Flatten(StartDim, EndDim);
    }

    /// <inheritdoc/>
    protected override string ExtraRepresentation() => $"start_dim={StartDim}, end_dim={EndDim}";
}
