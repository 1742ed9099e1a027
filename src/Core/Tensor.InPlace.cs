using Lessons.Autograd;
using Lessons.Backends;

namespace Lessons;

public sealed partial class Tensor
{
    /// <summary>
    /// In place, as torch's <c>param -= lr * param.grad / batch_size</c>: allowed inside
    /// <see cref="NoGrad"/>, or on tensors that take no part in a graph.
    /// </summary>
    public void operator -=(Tensor other) => InPlace(BinaryOp.Sub, other, "-=");

    /// <summary>In-place addition (see <see cref="op_SubtractionAssignment(Tensor)"/> for when it is
    /// allowed).</summary>
    public void operator +=(Tensor other) => InPlace(BinaryOp.Add, other, "+=");

    /// <summary>In-place multiplication.</summary>
    public void operator *=(Tensor other) => InPlace(BinaryOp.Mul, other, "*=");

    /// <summary>In-place division.</summary>
    public void operator /=(Tensor other) => InPlace(BinaryOp.Div, other, "/=");

    /// <summary>In-place scaling by a number.</summary>
    public void operator *=(double s)
    {
        CheckInPlaceAllowed("*=");
        Backend.Unary(UnaryOp.MulScalar, Buffer, Buffer, s);
    }

    /// <summary>Sets every element to <paramref name="value"/> (torch's fill_; <c>FillInPlace(0)</c> is
    /// zero_()).</summary>
    public void FillInPlace(double value)
    {
        CheckInPlaceAllowed("FillInPlace");
        Backend.Fill(Buffer, value);
    }

    /// <summary>Copies <paramref name="source"/>'s elements into this tensor (torch's copy_); shapes must
    /// match.</summary>
    public void CopyFrom(Tensor source)
    {
        CheckInPlaceAllowed("CopyFrom");
        CheckCompatible(this, source, "CopyFrom");
        if (source.Shape != Shape)
        {
            throw new ArgumentException($"CopyFrom: source shape {source.Shape} differs from {Shape}.");
        }

        Backend.Copy(source.Buffer, BroadcastLayout.For(Shape, Shape), Buffer);
    }

    /// <summary>The SGD step in place, one fused kernel: this ← this − lr · grad.</summary>
    public void SgdUpdate(Tensor grad, double lr)
    {
        CheckInPlaceAllowed("SgdUpdate");
        CheckCompatible(this, grad, "SgdUpdate");
        if (grad.Shape != Shape)
        {
            throw new ArgumentException(
                $"SgdUpdate: gradient shape {grad.Shape} differs from parameter shape {Shape}.");
        }

        Backend.SgdUpdate(Buffer, grad.Buffer, lr);
    }

    private void InPlace(BinaryOp op, Tensor other, string operation)
    {
        CheckInPlaceAllowed(operation);
        CheckCompatible(this, other, operation);
        var shape = Lessons.Shape.Broadcast(Shape, other.Shape, operation);
        if (shape != Shape)
        {
            throw new ArgumentException(
                $"{operation}: the result of broadcasting {Shape} with {other.Shape} is {shape}, " +
                "which does not fit in place.");
        }

        Backend.Binary(op, Buffer, other.Buffer, Buffer, BroadcastLayout.For(Shape, Shape, other.Shape));
    }

    private void CheckInPlaceAllowed(string operation)
    {
        if (GradMode.IsEnabled && RequiresGrad)
        {
            throw new InvalidOperationException(
                $"{operation}: a tensor that requires grad cannot be changed in place while the graph is recorded; " +
                "wrap parameter updates in 'using (Tensor.NoGrad()) { ... }'.");
        }
    }
}
