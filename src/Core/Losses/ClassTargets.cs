using Lessons.Backends;

namespace Lessons.Losses;

/// <summary>
/// Class-index targets made ready for the classification losses: the input as (rows, classes), one label per
/// row, the rows to keep (those not equal to ignore_index) and labels safe to gather with (ignored rows read
/// class 0, then are masked out). torch's layouts are accepted: input (C) with a scalar target, (N, C) with (N),
/// and (N, C, d₁, …, dₖ) with (N, d₁, …, dₖ), the class dimension being dim 1.
/// </summary>
internal sealed class ClassTargets
{
    private ClassTargets(Tensor rows, Tensor labels, Tensor safeLabels, Tensor keep, int classes, Shape targetShape)
    {
        Rows = rows;
        Labels = labels;
        SafeLabels = safeLabels;
        Keep = keep;
        Classes = classes;
        TargetShape = targetShape;
    }

    /// <summary>The input as (rows, classes), class dimension last.</summary>
    public Tensor Rows { get; }

    /// <summary>The labels, one per row (Int32).</summary>
    public Tensor Labels { get; }

    /// <summary>The labels with ignored ones replaced by 0, so gathers stay in range (Int32).</summary>
    public Tensor SafeLabels { get; }

    /// <summary>1 for rows whose label is not ignore_index, 0 for ignored rows, in the input's dtype.</summary>
    public Tensor Keep { get; }

    /// <summary>Number of classes C.</summary>
    public int Classes { get; }

    /// <summary>The target's shape, which is the shape of the unreduced loss.</summary>
    public Shape TargetShape { get; }

    /// <summary>
    /// Checks shapes and dtypes (not label values: see <see cref="CheckLabels"/>) and lays the input out as rows.
    /// </summary>
    public static ClassTargets Prepare(string loss, Tensor input, Tensor target, int ignoreIndex)
    {
        // First: whatever the target, a scalar input has no class dimension (a scalar probability target would
        // otherwise be told that it must have the input's shape, which it has).
        if (input.Rank == 0)
        {
            throw new ArgumentException($"{loss}: the input must have a class dimension, got a scalar.");
        }

        if (target.DType != DType.Int32)
        {
            throw new ArgumentException(
                $"{loss}: class-index targets must be an Int32 tensor, got {target.DType} of shape {target.Shape}" +
                (loss == "CrossEntropyLoss"
                    ? $"; probability targets must have the input's shape {input.Shape}."
                    : "."));
        }

        if (!ReferenceEquals(input.Backend, target.Backend))
        {
            throw new InvalidOperationException(
                $"{loss}: input lives on {input.Backend.Name} and target on {target.Backend.Name}; " +
                "move one with To().");
        }

        var expected = ExpectedTargetShape(input);
        if (target.Shape != expected)
        {
            throw new ArgumentException(
                $"{loss}: target shape {target.Shape} does not match input shape {input.Shape}; expected {expected} " +
                "(the input's shape without the class dimension 1).");
        }

        var classes = input.Rank == 1 ? input.Shape[0] : input.Shape[1];
        var rows = ClassesLast(input).Reshape(-1, classes);
        var labels = target.Reshape(-1);
        using var ignore = Tensor.Scalar(ignoreIndex, DType.Int32, target.Backend);
        using var keepInt = labels.Ne(ignore);
        var safe = labels * keepInt;
        return new ClassTargets(rows, labels, safe, keepInt.To(input.DType), classes, target.Shape);
    }

    /// <summary>
    /// Moves the class dimension (dim 1) last by adjacent swaps: (N, C, d₁, …, dₖ) → (N, d₁, …, dₖ, C), so rows
    /// come out in the target's element order. A (C) or (N, C) input is returned as it is.
    /// </summary>
    public static Tensor ClassesLast(Tensor input)
    {
        var x = input;
        for (var axis = 1; axis < input.Rank - 1; axis++)
        {
            x = x.Transpose(axis, axis + 1);
        }

        return x;
    }

    /// <summary>
    /// Reads the labels back to the host and throws for the first one outside 0..C−1 that is not ignore_index,
    /// naming it — the one host round trip of the classification losses, skipped by the fused training path.
    /// </summary>
    public static void CheckLabels(string loss, Tensor labels, int classes, int ignoreIndex)
    {
        foreach (var label in labels.ToArray<int>())
        {
            if (label != ignoreIndex && (label < 0 || label >= classes))
            {
                throw new ArgumentOutOfRangeException(nameof(labels),
                    $"{loss}: target {label} is out of range for {classes} classes " +
                    $"(expected 0..{classes - 1} or ignore_index {ignoreIndex}).");
            }
        }
    }

    /// <summary>
    /// The per-row weight w[yₙ], zero on ignored rows (the weights the mean divides by), or <see cref="Keep"/>
    /// itself when there is no weight.
    /// </summary>
    public Tensor RowWeights(Tensor? weight) => weight is null ? Keep : weight.Gather(0, SafeLabels) * Keep;

    /// <summary>
    /// Turns per-row losses into the loss: ignored rows are set to 0 (by selection, so that even an infinite
    /// row loss gives 0 and a 0 gradient), then reduced; the mean divides by <paramref name="denominator"/>.
    /// </summary>
    public Tensor Reduce(Tensor rowLoss, Reduction reduction, Func<Tensor> denominator)
    {
        // Not disposed here: the graph holds it as an input of the selection.
        var zero = Tensor.Scalar(0, rowLoss.DType, rowLoss.Backend);
        var kept = Tensor.Where(Keep, rowLoss, zero);
        return reduction switch
        {
            Reduction.None => kept.Reshape(TargetShape.ToArray()),
            Reduction.Sum => kept.Sum(),
            // Every row ignored: 0/0 = NaN, as torch; the selection above keeps the gradient 0, also as torch.
            Reduction.Mean => kept.Sum() / denominator(),
            _ => throw new ArgumentOutOfRangeException(nameof(reduction), $"Unknown reduction {reduction}."),
        };
    }

    private static Shape ExpectedTargetShape(Tensor input)
    {
        if (input.Rank == 1)
        {
            return Shape.Scalar;
        }

        var dims = input.Shape.ToArray().ToList();
        dims.RemoveAt(1);
        return new Shape([.. dims]);
    }
}
