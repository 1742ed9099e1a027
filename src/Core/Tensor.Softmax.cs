using Lessons.Autograd;
using Lessons.Backends;

namespace Lessons;

public sealed partial class Tensor
{
    /// <summary>
    /// softmax along <paramref name="axis"/>, computed stably (the row maximum is subtracted first, so
    /// logits of 1000 do not overflow). For the book's naive version see the softmax lessons.
    /// </summary>
    public Tensor Softmax(int axis = -1) => SoftmaxAlong(axis, log: false);

    /// <summary>log softmax along <paramref name="axis"/>, by log-sum-exp: finite for any finite logits.</summary>
    public Tensor LogSoftmax(int axis = -1) => SoftmaxAlong(axis, log: true);

    /// <summary>
    /// Per-row cross-entropy of (n, C) logits against n Int32 class labels, −log softmax(o)[y], computed by
    /// log-sum-exp in one fused kernel; its gradient is the fused softmax(o) − onehot(y). Reduction is the
    /// caller's: the result has shape (n).
    /// </summary>
    public static Tensor SoftmaxCrossEntropy(Tensor logits, Tensor labels)
    {
        logits.CheckFloatingPoint("SoftmaxCrossEntropy");
        labels.CheckIndex("SoftmaxCrossEntropy");
        if (logits.Rank != 2 || labels.Rank != 1 || labels.Shape[0] != logits.Shape[0])
        {
            throw new ArgumentException(
                $"SoftmaxCrossEntropy: expected logits (n, C) and labels (n), got {logits.Shape} and {labels.Shape}.");
        }

        if (!ReferenceEquals(logits.Backend, labels.Backend))
        {
            throw new InvalidOperationException(
                $"SoftmaxCrossEntropy: logits live on {logits.Backend.Name} and labels on {labels.Backend.Name}.");
        }

        var loss = Empty(new Shape(logits.Shape[0]), logits.DType, logits.Backend);
        logits.Backend.SoftmaxCrossEntropy(logits.Buffer, labels.Buffer, loss.Buffer, logits.Shape[0], logits.Shape[1]);
        return Record("SoftmaxCrossEntropy", loss, [logits, labels], GradientRules.SoftmaxCrossEntropy(logits, labels));
    }

    /// <summary>
    /// d2l's squared_loss, (ŷ − y)²/2 element-wise, with y reshaped to ŷ's shape as the book does; the
    /// backward pass is one fused kernel.
    /// </summary>
    public static Tensor SquaredLoss(Tensor yHat, Tensor y)
    {
        CheckCompatible(yHat, y, "SquaredLoss");
        if (yHat.Numel != y.Numel)
        {
            throw new ArgumentException(
                $"SquaredLoss: y_hat {yHat.Shape} and y {y.Shape} must hold the same number of elements.");
        }

        // y is read as if it had ŷ's shape (the book's y.reshape(y_hat.shape)); both are contiguous.
        var loss = Empty(yHat.Shape, yHat.DType, yHat.Backend);
        var layout = BroadcastLayout.For(yHat.Shape, yHat.Shape, yHat.Shape);
        yHat.Backend.Binary(BinaryOp.Sub, yHat.Buffer, y.Buffer, loss.Buffer, layout);
        yHat.Backend.Unary(UnaryOp.Square, loss.Buffer, loss.Buffer);
        yHat.Backend.Unary(UnaryOp.MulScalar, loss.Buffer, loss.Buffer, 0.5);
        return Record("SquaredLoss", loss, [yHat, y], GradientRules.SquaredLoss(yHat, y));
    }

    private Tensor SoftmaxAlong(int axis, bool log)
    {
        CheckFloatingPoint(log ? "LogSoftmax" : "Softmax");
        var a = Shape.NormalizeAxis(axis, log ? "LogSoftmax" : "Softmax");
        if (Rank > 0 && a != Rank - 1)
        {
            // The kernel works on rows: move the axis last, apply, move it back.
            return SwapLast(a).SoftmaxAlong(-1, log).SwapLast(a);
        }

        var cols = Rank == 0 ? 1 : Shape[a];
        var y = Empty(Shape, DType, Backend);
        Backend.Softmax(Buffer, y.Buffer, cols == 0 ? 0 : Numel / cols, cols, log);
        return log
            ? Record("LogSoftmax", y, [this], GradientRules.LogSoftmax(y, a))
            : Record("Softmax", y, [this], GradientRules.Softmax(y, a));
    }

    private Tensor SwapLast(int axis) => Transpose(axis, Rank - 1);
}
