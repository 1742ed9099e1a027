using Lessons.Random;

namespace Lessons.Data;

/// <summary>
/// The data of the linear-regression lessons, as d2l writes it: <c>synthetic_data</c> and <c>data_iter</c>
/// (§3.2 "from scratch" / current §3.4) and <c>load_array</c> (§3.3 "concise" / current §3.5).
/// </summary>
public static class RegressionData
{
    /// <summary>
    /// d2l's <c>synthetic_data</c> (§3.2): features X ~ N(0, 1) of shape (numExamples, len(w)), labels
    /// y = Xw + b + ε with ε ~ N(0, <paramref name="noise"/>²), shaped (numExamples, 1). Same seed, same data.
    /// </summary>
    /// <param name="w">The true weights, a 1-D tensor (or a column) of length len(w).</param>
    /// <param name="b">The true bias.</param>
    /// <param name="numExamples">Rows to make.</param>
    /// <param name="generator">The source of X and ε.</param>
    /// <param name="noise">Standard deviation of ε; d2l uses 0.01.</param>
    /// <returns>(features, labels), on <paramref name="w"/>'s backend and dtype; the caller disposes them.</returns>
    public static (Tensor Features, Tensor Labels) SyntheticData(
        Tensor w, double b, int numExamples, Generator generator, double noise = 0.01)
    {
        if (w.Rank is not (1 or 2) || (w.Rank == 2 && w.Shape[1] != 1) || !w.DType.IsFloatingPoint())
        {
            throw new ArgumentException(
                $"SyntheticData: w must be a floating-point 1-D tensor (or one column), got {w.DType} {w.Shape}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(numExamples);
        var numInputs = w.Shape[0];
        using var noGrad = Tensor.NoGrad();
        var X = Tensor.Normal(0, 1, new Shape(numExamples, numInputs), generator, w.DType, w.Backend);
        using var column = w.Reshape(numInputs, 1);
        using var Xw = X.MatMul(column);
        using var clean = Xw + b;
        using var epsilon = Tensor.Normal(0, noise, clean.Shape, generator, w.DType, w.Backend);
        var y = clean + epsilon;
        return (X, y);
    }

    /// <summary><see cref="SyntheticData(Tensor, double, int, Generator, double)"/> with a generator made from
    /// <paramref name="seed"/>.</summary>
    public static (Tensor Features, Tensor Labels) SyntheticData(
        Tensor w, double b, int numExamples, int seed, double noise = 0.01) =>
        SyntheticData(w, b, numExamples, new Generator(seed), noise);

    /// <summary>
    /// d2l's <c>data_iter</c> (§3.2): the examples in a random order, <paramref name="batchSize"/> at a time,
    /// the last batch short when the count does not divide. Each (X, y) pair is new; the consumer disposes it.
    /// </summary>
    public static IEnumerable<(Tensor X, Tensor y)> DataIter(
        int batchSize, Tensor features, Tensor labels, Generator generator)
    {
        var dataset = new TensorDataset(features, labels);
        var loader = new DataLoader(dataset, batchSize, shuffle: true, generator: generator);
        foreach (var batch in loader)
        {
            yield return (batch[0], batch[1]);
        }
    }

    /// <summary>
    /// d2l's <c>load_array</c> (§3.3): a <see cref="DataLoader"/> over <paramref name="dataArrays"/>, shuffled
    /// every epoch when <paramref name="isTrain"/>.
    /// </summary>
    public static DataLoader LoadArray(
        Tensor[] dataArrays, int batchSize, bool isTrain = true, Generator? generator = null) =>
        new(new TensorDataset(dataArrays), batchSize, shuffle: isTrain, generator: generator);
}
