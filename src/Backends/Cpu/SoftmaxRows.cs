using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace Lessons.Backends.Cpu;

/// <summary>
/// Row-wise softmax, log-softmax and the fused softmax cross-entropy. Every row subtracts its maximum before
/// exponentiating: exp(o − max) ≤ 1 can't overflow, and the largest term is exactly 1 so the sum is ≥ 1.
/// </summary>
internal static class SoftmaxRows
{
    public static void Softmax<T>(T[] x, T[] y, int rows, int cols, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var scratch = ArrayPool<T>.Shared.Rent(cols);
        try
        {
            for (var r = 0; r < rows; r++)
            {
                var row = x.AsSpan(r * cols, cols);
                var output = y.AsSpan(r * cols, cols);
                var max = TensorPrimitives.Max<T>(row);
                TensorPrimitives.Subtract(row, max, output);
                if (log)
                {
                    // log softmax = (o − max) − log Σ exp(o − max)
                    var exps = scratch.AsSpan(0, cols);
                    TensorPrimitives.Exp<T>(output, exps);
                    TensorPrimitives.Subtract(output, T.Log(TensorPrimitives.Sum<T>(exps)), output);
                }
                else
                {
                    TensorPrimitives.Exp<T>(output, output);
                    TensorPrimitives.Divide(output, TensorPrimitives.Sum<T>(output), output);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }

    /// <summary>loss[r] = log Σ exp(o[r, :]) − o[r, label[r]], by log-sum-exp.</summary>
    public static void CrossEntropy<T>(T[] logits, int[] labels, T[] loss, int rows, int cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var scratch = ArrayPool<T>.Shared.Rent(cols);
        try
        {
            for (var r = 0; r < rows; r++)
            {
                var label = CheckLabel(labels[r], cols);
                var row = logits.AsSpan(r * cols, cols);
                var max = TensorPrimitives.Max<T>(row);
                var shifted = scratch.AsSpan(0, cols);
                TensorPrimitives.Subtract(row, max, shifted);
                TensorPrimitives.Exp<T>(shifted, shifted);
                loss[r] = T.Log(TensorPrimitives.Sum<T>(shifted)) + max - row[label];
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }

    /// <summary>grad[r, :] = g[r] · (softmax(o[r, :]) − onehot(label[r])).</summary>
    public static void CrossEntropyBackward<T>(T[] logits, int[] labels, T[] upstream, T[] grad, int rows, int cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Softmax(logits, grad, rows, cols, log: false);
        for (var r = 0; r < rows; r++)
        {
            var label = CheckLabel(labels[r], cols);
            var row = grad.AsSpan(r * cols, cols);
            row[label] -= T.One;
            TensorPrimitives.Multiply(row, upstream[r], row);
        }
    }

    private static int CheckLabel(int label, int classes)
    {
        if (label < 0 || label >= classes)
        {
            throw new ArgumentOutOfRangeException(
                nameof(label),
                $"SoftmaxCrossEntropy: label {label} is out of range for {classes} classes " +
                $"(expected 0..{classes - 1}).");
        }

        return label;
    }
}
