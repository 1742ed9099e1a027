using Lessons.Data;
using Lessons.Optim;
using Lessons.Random;

namespace Lessons.Steps.Checks;

/// <summary>
/// What several checks share, built from the library only (never from a step under check), so each check depends on
/// its own step alone: the book's synthetic data, a training loop, and reading minibatches back.
/// </summary>
internal static class CheckData
{
    /// <summary>The book's true weights.</summary>
    public static readonly double[] TrueW = [2, -3.4];

    /// <summary>The book's true bias.</summary>
    public const double TrueB = 4.2;

    /// <summary>d2l's synthetic data: 1000 examples of y = Xw + b + N(0, 0.01²), float32, seeded.</summary>
    public static (Tensor Features, Tensor Labels) Synthetic(Generator generator, int numExamples = 1000)
    {
        using var w = Tensor.FromArray(Array.ConvertAll(TrueW, v => (float)v));
        return RegressionData.SyntheticData(w, TrueB, numExamples, generator);
    }

    /// <summary>
    /// Minibatch SGD on (<paramref name="w"/>, <paramref name="b"/>) with the library's optimizer: each step takes
    /// <paramref name="loss"/>(Xw + b, y) — a scalar — backward, and steps by <paramref name="lr"/>. Returns
    /// [w..., b].
    /// </summary>
    public static double[] TrainLinearRegression(Tensor features, Tensor labels, Tensor w, Tensor b,
        Func<Tensor, Tensor, Tensor> loss, double lr, int numEpochs, int batchSize, Generator generator)
    {
        var trainer = new Sgd([w, b], lr);
        for (var epoch = 0; epoch < numEpochs; epoch++)
        {
            foreach (var (X, y) in RegressionData.DataIter(batchSize, features, labels, generator))
            {
                using (Tensor.Scope())
                {
                    var l = loss(X.MatMul(w) + b, y);
                    trainer.ZeroGrad();
                    l.Backward();
                    trainer.Step();
                }

                X.Dispose();
                y.Dispose();
            }
        }

        return [.. w.ToDoubles(), b.Item()];
    }

    /// <summary>Σ(y − Xw − b)² in double precision, for parameters [w..., b].</summary>
    public static double SumOfSquares(Tensor features, Tensor labels, IReadOnlyList<double> wb)
    {
        var x = features.ToDoubles();
        var y = labels.ToDoubles();
        var d = features.Shape[1];
        var total = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            var yHat = wb[d];
            for (var j = 0; j < d; j++)
            {
                yHat += x[(i * d) + j] * wb[j];
            }

            total += (y[i] - yHat) * (y[i] - yHat);
        }

        return total;
    }

    /// <summary>
    /// Reads the minibatches of <paramref name="batches"/> back as arrays (at most <paramref name="max"/> of them, so
    /// a loop that never ends cannot hang a check) and disposes their tensors.
    /// </summary>
    public static List<(double[] X, double[] y)> Collect(IEnumerable<(Tensor X, Tensor y)> batches, int max = 100)
    {
        var read = new List<(double[] X, double[] y)>();
        foreach (var (X, y) in batches.Take(max))
        {
            read.Add((X.ToDoubles(), y.ToDoubles()));
            X.Dispose();
            y.Dispose();
        }

        return read;
    }

    /// <summary>Softmax of one row in double precision (the stable way), as the checks' oracle.</summary>
    public static double[] Softmax(IReadOnlyList<double> o)
    {
        var m = o.Max();
        var e = o.Select(v => Math.Exp(v - m)).ToArray();
        var sum = e.Sum();
        return [.. e.Select(v => v / sum)];
    }

    /// <summary>The elements of row <paramref name="row"/> of a row-major matrix with <paramref name="cols"/>
    /// columns.</summary>
    public static double[] Row(double[] values, int row, int cols) => values[(row * cols)..((row + 1) * cols)];
}
