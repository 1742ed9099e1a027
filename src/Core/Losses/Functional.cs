namespace Lessons.Losses;

/// <summary>
/// The loss functions in functional form, as torch.nn.functional (<c>F.mse_loss</c>, <c>F.cross_entropy</c>, …):
/// each takes its options as arguments and returns the loss tensor. The loss classes (<see cref="MseLoss"/>,
/// <see cref="CrossEntropyLoss"/>, …) call these. Every loss is composed from differentiable tensor operations,
/// so autograd differentiates it without code of its own; the exceptions are the fused softmax cross-entropy
/// of the training fast path and binary cross-entropy, whose clamped gradient is torch's own formula.
/// Semantics, edge cases and the mean's denominators follow PyTorch 1.13 exactly.
/// </summary>
public static partial class Functional
{
    /// <summary>Applies <paramref name="reduction"/> to per-element losses: as they are, summed or averaged.</summary>
    private static Tensor Reduce(Tensor loss, Reduction reduction) => reduction switch
    {
        Reduction.None => loss,
        Reduction.Mean => loss.Mean(),
        Reduction.Sum => loss.Sum(),
        _ => throw new ArgumentOutOfRangeException(nameof(reduction), $"Unknown reduction {reduction}."),
    };

    /// <summary>Throws unless input and target share shape, dtype and backend; names the loss.</summary>
    /// <remarks>
    /// torch broadcasts mismatched shapes with only a warning; a (10x1) prediction against a (10) target then
    /// silently becomes a (10x10) loss. That mistake is an error here.
    /// </remarks>
    private static void CheckSameShape(string loss, Tensor input, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (input.Shape != target.Shape)
        {
            throw new ArgumentException(
                $"{loss}: input shape {input.Shape} and target shape {target.Shape} differ; expected the target to " +
                $"have the input's shape {input.Shape} (reshape one of them, e.g. y.Reshape(yHat.Shape.ToArray())).");
        }

        CheckFloat(loss, "input", input);
        CheckFloat(loss, "target", target);
        Tensor.CheckCompatible(input, target, loss);
    }

    /// <summary>Throws unless <paramref name="tensor"/> is floating-point; names the loss and the argument.</summary>
    private static void CheckFloat(string loss, string what, Tensor tensor)
    {
        if (!tensor.DType.IsFloatingPoint())
        {
            throw new ArgumentException(
                $"{loss}: {what} must be a Float32 or Float64 tensor, got {tensor.DType} of shape {tensor.Shape}.");
        }
    }

    /// <summary>
    /// Throws unless <paramref name="weight"/> (when given) broadcasts to the shape of <paramref name="like"/>
    /// without growing it, and shares its dtype and backend.
    /// </summary>
    private static void CheckBroadcastsTo(string loss, string what, Tensor? weight, Tensor like)
    {
        if (weight is null)
        {
            return;
        }

        CheckFloat(loss, what, weight);
        Tensor.CheckCompatible(like, weight, loss);
        Shape? result = null;
        try
        {
            result = Shape.Broadcast(like.Shape, weight.Shape, loss);
        }
        catch (ArgumentException)
        {
        }

        if (result != like.Shape)
        {
            throw new ArgumentException(
                $"{loss}: {what} of shape {weight.Shape} does not broadcast to the input shape {like.Shape}.");
        }
    }
}
