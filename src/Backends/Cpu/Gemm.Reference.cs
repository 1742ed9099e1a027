using System.Numerics;
using Lessons.Backends;

namespace Lessons.Backends.Cpu;

internal static partial class Gemm
{
    /// <summary>
    /// The definition, C[i, j] = Σₖ op(A)[i, k] · op(B)[k, j], as three plain loops: what <see cref="Multiply"/>
    /// computes, and what the tests check it against. Read this one first; the fast one only reorders the work.
    /// </summary>
    public static void Reference<T>(T[] a, T[] b, T[] c, MatMulShape s) where T : unmanaged, INumber<T>
    {
        for (var i = 0; i < s.M; i++)
        {
            for (var j = 0; j < s.N; j++)
            {
                var sum = T.Zero;
                for (var k = 0; k < s.K; k++)
                {
                    sum += a[s.TransA ? (k * s.M) + i : (i * s.K) + k] * b[s.TransB ? (j * s.K) + k : (k * s.N) + j];
                }

                c[(i * s.N) + j] = sum;
            }
        }
    }
}
