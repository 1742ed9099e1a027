using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Lessons.Backends.Cpu;

/// <summary>The SIMD helper the register-tiled kernels (GEMM, the shifted convolutions) share.</summary>
internal static class Simd
{
    /// <summary>a·b + c as one fused multiply-add where the hardware has it (float and double), else two ops.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MulAdd<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        return (a * b) + c;
    }
}
