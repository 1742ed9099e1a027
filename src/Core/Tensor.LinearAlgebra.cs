using Lessons.Autograd;
using Lessons.Backends;

namespace Lessons;

public sealed partial class Tensor
{
    /// <summary>
    /// The matrix product, as torch.matmul for 1-D and 2-D operands: (m, k) @ (k, n) → (m, n);
    /// (k) @ (k) → a scalar; (m, k) @ (k) → (m); (k) @ (k, n) → (n).
    /// </summary>
    public Tensor MatMul(Tensor other)
    {
        if (Rank is < 1 or > 2 || other.Rank is < 1 or > 2)
        {
            throw new ArgumentException(
                $"MatMul: {Shape} @ {other.Shape}: only 1-D and 2-D operands are supported; flatten the batch first.");
        }

        // torch's rule: a 1-D left operand is a row, a 1-D right operand a column; the added axis is removed after.
        var a = Rank == 1 ? Reshape(1, -1) : this;
        var b = other.Rank == 1 ? other.Reshape(-1, 1) : other;
        if (a.Shape[1] != b.Shape[0])
        {
            throw new ArgumentException(
                $"MatMul: {Shape} @ {other.Shape}: inner dimensions {a.Shape[1]} and {b.Shape[0]} differ.");
        }

        var product = Record(
            "MatMul", MatMul(a, b, transA: false, transB: false), [a, b], GradientRules.MatMul(a, b));
        return (Rank, other.Rank) switch
        {
            (2, 2) => product,
            (1, 1) => product.Reshape(),
            (1, 2) => product.Reshape(-1),
            _ => product.Reshape(-1),
        };
    }

    /// <summary>
    /// this · otherᵀ: (m, k) @ (n, k)ᵀ → (m, n), or (k) @ (n, k)ᵀ → (n). This is the product torch's nn.Linear
    /// computes, x·Wᵀ with its weight stored (out, in); the kernel reads the transpose in place instead of
    /// copying it, as <c>MatMul(other.T)</c> would.
    /// </summary>
    public Tensor MatMulTransposed(Tensor other)
    {
        if (Rank is < 1 or > 2 || other.Rank != 2)
        {
            throw new ArgumentException(
                $"MatMulTransposed: {Shape} @ {other.Shape}ᵀ: expected a 1-D or 2-D left and a 2-D right operand.");
        }

        var a = Rank == 1 ? Reshape(1, -1) : this;
        if (a.Shape[1] != other.Shape[1])
        {
            throw new ArgumentException(
                $"MatMulTransposed: {Shape} @ {other.Shape}ᵀ: inner dimensions {a.Shape[1]} and " +
                $"{other.Shape[1]} differ.");
        }

        var product = Record("MatMul", MatMul(a, other, transA: false, transB: true), [a, other],
            GradientRules.MatMulTransposedRight(a, other));
        return Rank == 2 ? product : product.Reshape(-1);
    }

    /// <summary>
    /// Runs the <see cref="IBackend.MatMul"/> primitive, op(a) @ op(b) with the transposes read by the kernel (no
    /// copies), into a new tensor, recording nothing.
    /// </summary>
    internal static Tensor MatMul(Tensor a, Tensor b, bool transA, bool transB)
    {
        CheckCompatible(a, b, "MatMul");
        a.CheckFloatingPoint("MatMul");
        var (m, k) = transA ? (a.Shape[1], a.Shape[0]) : (a.Shape[0], a.Shape[1]);
        var (k2, n) = transB ? (b.Shape[1], b.Shape[0]) : (b.Shape[0], b.Shape[1]);
        if (k != k2)
        {
            throw new ArgumentException($"MatMul: ({m}x{k}) @ ({k2}x{n}): inner dimensions {k} and {k2} differ.");
        }

        var c = Empty(new Shape(m, n), a.DType, a.Backend);
        a.Backend.MatMul(a.Buffer, b.Buffer, c.Buffer, new MatMulShape(m, n, k, transA, transB));
        return c;
    }
}
