using System.Numerics;
using System.Numerics.Tensors;

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

    /// <summary>param ← param − lr · grad.</summary>
    public static void SgdUpdate<T>(T[] param, T[] grad, T lr) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < param.Length; i++)
        {
            param[i] -= lr * grad[i];
        }
    }
}
