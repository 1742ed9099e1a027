using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Lessons.Backends;

namespace Lessons.Backends.Cpu;

/// <summary>The fused gradient kernels the lessons lean on: one pass each instead of three or four ops.</summary>
internal static class Fused
{
    /// <summary>grad = g · (ŷ − y), the gradient of d2l's squared_loss (ŷ − y)²/2.</summary>
    public static void SquaredLossBackward<T>(T[] yHat, T[] y, T[] upstream, T[] grad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Subtract(yHat, y, grad);
        TensorPrimitives.Multiply(grad, upstream, grad);
    }

    /// <summary>
    /// Adam updates a parameter of this many elements or more on every core. Each element's update is independent, so
    /// the result is the same; what is split is a square root and two divisions per element. The MLP lesson's Adam
    /// step (mostly its 100,352-element weight) went from 182 to 143 µs (bench/step-breakdown.cs, quiet machine).
    /// </summary>
    private const int AdamParallelLength = 1 << 15;

    /// <summary>
    /// One Adam step per element, each operation in torch 1.13's order so the rounding matches. Large parameters
    /// are cut into one slice per core (<see cref="AdamParallelLength"/>).
    /// </summary>
    public static void AdamUpdate<T>(T[] param, T[] grad, T[] expAvg, T[] expAvgSq, T[]? maxExpAvgSq, AdamStep s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var slices = param.Length >= AdamParallelLength ? Environment.ProcessorCount : 1;
        if (slices == 1)
        {
            AdamUpdate(param, grad, expAvg, expAvgSq, maxExpAvgSq, s, 0, param.Length);
            return;
        }

        // Slice bounds on whole SIMD vectors, so every slice but the last runs only the vector loop.
        var sliceLength = ((param.Length / slices) + 63) & ~63;
        Parallel.For(0, slices, k =>
        {
            var start = Math.Min(param.Length, k * sliceLength);
            var end = k == slices - 1 ? param.Length : Math.Min(param.Length, start + sliceLength);
            AdamUpdate(param, grad, expAvg, expAvgSq, maxExpAvgSq, s, start, end);
        });
    }

    /// <summary>
    /// Adam on elements [<paramref name="start"/>, <paramref name="end"/>). The main loop does the very same
    /// arithmetic on whole SIMD vectors; the scalar loop after it finishes the last few elements and is the easiest
    /// place to read the formula.
    /// </summary>
    private static void AdamUpdate<T>(T[] param, T[] grad, T[] expAvg, T[] expAvgSq, T[]? maxExpAvgSq, AdamStep s,
        int start, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (beta1, beta2, eps) = (T.CreateTruncating(s.Beta1), T.CreateTruncating(s.Beta2), T.CreateTruncating(s.Eps));
        var (oneMinusBeta1, oneMinusBeta2) = (T.CreateTruncating(1 - s.Beta1), T.CreateTruncating(1 - s.Beta2));
        var (weightDecay, stepSize) = (T.CreateTruncating(s.WeightDecay), T.CreateTruncating(s.StepSize));
        var correction2Sqrt = T.CreateTruncating(s.Correction2Sqrt);
        var i = start;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= end - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var p = Vector512.LoadUnsafe(ref param[0], (nuint)i);
                var g = Vector512.LoadUnsafe(ref grad[0], (nuint)i);
                if (s.WeightDecay != 0)
                {
                    g += p * weightDecay;
                }

                var m = (Vector512.LoadUnsafe(ref expAvg[0], (nuint)i) * beta1) + (g * oneMinusBeta1);
                var v = (Vector512.LoadUnsafe(ref expAvgSq[0], (nuint)i) * beta2) + (g * oneMinusBeta2 * g);
                m.StoreUnsafe(ref expAvg[0], (nuint)i);
                v.StoreUnsafe(ref expAvgSq[0], (nuint)i);
                if (maxExpAvgSq is not null)
                {
                    var max = Vector512.LoadUnsafe(ref maxExpAvgSq[0], (nuint)i);
                    var takeV = Vector512.GreaterThan(v, max) | ~Vector512.Equals(v, v); // NaN propagates, as torch
                    v = Vector512.ConditionalSelect(takeV, v, max);
                    v.StoreUnsafe(ref maxExpAvgSq[0], (nuint)i);
                }

                var denominator = (Vector512.Sqrt(v) / correction2Sqrt) + Vector512.Create(eps);
                (p + (m * -stepSize / denominator)).StoreUnsafe(ref param[0], (nuint)i);
            }
        }

        for (; i < end; i++)
        {
            var g = s.WeightDecay != 0 ? grad[i] + (param[i] * weightDecay) : grad[i];
            var m = expAvg[i] = (expAvg[i] * beta1) + (g * oneMinusBeta1);
            var v = expAvgSq[i] = (expAvgSq[i] * beta2) + (g * oneMinusBeta2 * g);
            if (maxExpAvgSq is not null)
            {
                v = maxExpAvgSq[i] = T.IsNaN(v) || v > maxExpAvgSq[i] ? v : maxExpAvgSq[i];
            }

            var denominator = (T.Sqrt(v) / correction2Sqrt) + eps;
            param[i] += m * -stepSize / denominator;
        }
    }

    /// <summary>param ← param − lr · grad.</summary>
    public static void SgdUpdate<T>(T[] param, T[] grad, T lr) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // grad·(−lr) + param rounds exactly like param − lr·grad: negating the product is exact.
        TensorPrimitives.MultiplyAdd(grad, -lr, param, param);
    }
}
