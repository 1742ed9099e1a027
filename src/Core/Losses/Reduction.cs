namespace Lessons.Losses;

/// <summary>How a loss combines its per-element (or per-sample) values, as torch's <c>reduction</c> argument.</summary>
public enum Reduction
{
    /// <summary>No reduction: one loss value per element (or per sample for the classification losses).</summary>
    None,

    /// <summary>The average: the sum over the number of elements, or over the weights where a loss says so.</summary>
    Mean,

    /// <summary>The sum of the values.</summary>
    Sum,
}
