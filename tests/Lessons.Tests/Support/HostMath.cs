namespace Lessons.Tests.Support;

/// <summary>
/// Expected values computed on the host in double by the definition, one element at a time: an oracle independent
/// of the library's kernels, for tests whose subject would otherwise check itself.
/// </summary>
public static class HostMath
{
    /// <summary>x·Wᵀ + b for row-major x (rows × in), W (out × in) and b (out), as nn.Linear.</summary>
    public static double[] Linear(double[] x, int rows, double[] w, int outputs, double[]? b)
    {
        var inputs = w.Length / outputs;
        var y = new double[rows * outputs];
        for (var r = 0; r < rows; r++)
        {
            for (var o = 0; o < outputs; o++)
            {
                var sum = b?[o] ?? 0;
                for (var i = 0; i < inputs; i++)
                {
                    sum += x[(r * inputs) + i] * w[(o * inputs) + i];
                }

                y[(r * outputs) + o] = sum;
            }
        }

        return y;
    }

    /// <summary>softmax of one row: exp(xᵢ − max) / Σ exp(xⱼ − max).</summary>
    public static double[] Softmax(params double[] row)
    {
        var max = row.Max();
        var exps = row.Select(v => Math.Exp(v - max)).ToArray();
        var sum = exps.Sum();
        return [.. exps.Select(e => e / sum)];
    }
}
