using Lessons.Autograd;
using Lessons.Backends;

namespace Lessons;

public sealed partial class Tensor
{
    /// <summary>
    /// The matrix product with torch.matmul's semantics: (m, k) @ (k, n) → (m, n); (k) @ (k) → a scalar;
    /// (m, k) @ (k) → (m); (k) @ (k, n) → (n); and with more dimensions a batch of products whose leading (batch)
    /// dimensions broadcast: (b, 1, m, k) @ (c, k, n) → (b, c, m, n).
    /// </summary>
    public Tensor MatMul(Tensor other)
    {
        if (Rank == 0 || other.Rank == 0)
        {
            throw new ArgumentException(
                $"MatMul: {Shape} @ {other.Shape}: both operands need at least one dimension (use * for a scalar).");
        }

        if (Rank > 2 || other.Rank > 2)
        {
            return BatchedMatMul(this, other);
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
            "MatMul", MatMulRaw(a, b, transA: false, transB: false), [a, b], GradientRules.MatMul(a, b));
        return (Rank, other.Rank) switch
        {
            (2, 2) => product,
            (1, 1) => product.Reshape(),
            (1, 2) => product.Reshape(-1),
            _ => product.Reshape(-1),
        };
    }

    /// <summary>
    /// The batched product of two 3-D tensors (torch.bmm): (b, m, k) @ (b, k, n) → (b, m, n), with the same b on
    /// both sides (no broadcasting; <see cref="MatMul"/> broadcasts).
    /// </summary>
    public Tensor Bmm(Tensor other)
    {
        if (Rank != 3 || other.Rank != 3)
        {
            throw new ArgumentException(
                $"Bmm: {Shape} @ {other.Shape}: both operands must be 3-D (batch, rows, cols).");
        }

        if (Shape[0] != other.Shape[0])
        {
            throw new ArgumentException(
                $"Bmm: {Shape} @ {other.Shape}: batch sizes {Shape[0]} and {other.Shape[0]} differ.");
        }

        return MatMul(other);
    }

    /// <summary>
    /// torch.matmul with a batch: a 1-D left operand becomes a row (1, k) and a 1-D right operand a column (k, 1),
    /// removed again after. The product is written tinygrad's way, from primitives that already have gradients:
    /// (…, m, k, 1) · (…, 1, k, n) broadcast to (…, m, k, n), then summed over k — so broadcasting the batch
    /// dimensions, and summing their gradients back, come from the element-wise rules.
    /// </summary>
    private static Tensor BatchedMatMul(Tensor a, Tensor b)
    {
        a.CheckFloatingPoint("MatMul");
        var left = a.Rank == 1 ? a.Unsqueeze(0) : a;
        var right = b.Rank == 1 ? b.Unsqueeze(1) : b;
        if (left.Shape[-1] != right.Shape[-2])
        {
            throw new ArgumentException(
                $"MatMul: {a.Shape} @ {b.Shape}: inner dimensions {left.Shape[-1]} and {right.Shape[-2]} differ.");
        }

        Lessons.Shape.Broadcast(
            new Shape(left.Shape.ToArray()[..^2]), new Shape(right.Shape.ToArray()[..^2]), "MatMul (batch dimensions)");
        var product = (left.Unsqueeze(-1) * right.Unsqueeze(-3)).Sum(-2);
        if (a.Rank == 1)
        {
            product = product.Squeeze(-2);
        }

        return b.Rank == 1 ? product.Squeeze(-1) : product;
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

        var product = Record("MatMul", MatMulRaw(a, other, transA: false, transB: true), [a, other],
            GradientRules.MatMulTransposedRight(a, other));
        return Rank == 2 ? product : product.Reshape(-1);
    }

    /// <summary>op(a) @ op(b) with the transposes read by the kernel (no graph, no copies).</summary>
    internal static Tensor MatMulRaw(Tensor a, Tensor b, bool transA, bool transB)
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
