namespace Lessons.Backends;

/// <summary>
/// How inputs are read for an element-wise operation whose output is contiguous with shape
/// <see cref="Shape"/>: element (i₀, i₁, …) of input k is at Σ iⱼ · Strides[k][j]. A broadcast
/// dimension has stride 0, so no input is ever expanded in memory.
/// </summary>
/// <param name="Shape">The output's dimensions.</param>
/// <param name="Strides">Per input, one stride per output dimension.</param>
public sealed record BroadcastLayout(int[] Shape, int[][] Strides)
{
    /// <summary>Number of output elements.</summary>
    public int Numel => Shape.Aggregate(1, (p, d) => p * d);

    /// <summary>The layout that broadcasts inputs of the given shapes against one another.</summary>
    public static BroadcastLayout For(Lessons.Shape output, params Lessons.Shape[] inputs) =>
        new(output.ToArray(), [.. inputs.Select(s => s.BroadcastStrides(output))]);
}

/// <summary>
/// A reduction's view of its input as (Outer, Axis, Inner): the reduced axis in the middle, everything
/// before it flattened into <see cref="Outer"/> and everything after into <see cref="Inner"/>.
/// The output is (Outer, Inner).
/// </summary>
/// <param name="Outer">Product of the dimensions before the axis.</param>
/// <param name="Axis">Length of the reduced axis.</param>
/// <param name="Inner">Product of the dimensions after the axis.</param>
public readonly record struct AxisLayout(int Outer, int Axis, int Inner);

/// <summary>
/// torch.gather along one axis, with input viewed as (Outer, Axis, Inner) and index and output as
/// (Outer, IndexLength, Inner): y[o, j, i] = x[o, index[o, j, i], i]. ScatterAdd is its adjoint.
/// </summary>
/// <param name="Outer">Product of the dimensions before the axis.</param>
/// <param name="Axis">Length of the input's axis: every index must lie in 0..Axis-1.</param>
/// <param name="IndexLength">Length of the index's axis.</param>
/// <param name="Inner">Product of the dimensions after the axis.</param>
public readonly record struct GatherLayout(int Outer, int Axis, int IndexLength, int Inner);

/// <summary>
/// C = op(A) · op(B) with op(A) of shape (M, K) and op(B) of shape (K, N), all row-major.
/// When <see cref="TransA"/> is set, A is stored as (K, M) and read transposed; likewise B as (N, K).
/// </summary>
/// <param name="M">Rows of C.</param>
/// <param name="N">Columns of C.</param>
/// <param name="K">The inner dimension.</param>
/// <param name="TransA">Read A transposed.</param>
/// <param name="TransB">Read B transposed.</param>
public readonly record struct MatMulShape(int M, int N, int K, bool TransA = false, bool TransB = false)
{
    /// <summary>Floating-point operations of the product: 2·M·N·K.</summary>
    public double Flops => 2.0 * M * N * K;
}

/// <summary>The scalars of one Adam step, computed on the host so the device reads nothing back.</summary>
/// <param name="Beta1">Decay of the first moment.</param>
/// <param name="Beta2">Decay of the second moment.</param>
/// <param name="Eps">Added to the denominator.</param>
/// <param name="WeightDecay">L2 penalty added to the gradient (0 for none).</param>
/// <param name="StepSize">lr / (1 − β₁ᵗ), the bias-corrected learning rate.</param>
/// <param name="Correction2Sqrt">√(1 − β₂ᵗ), the second moment's bias correction.</param>
public readonly record struct AdamStep(
    double Beta1, double Beta2, double Eps, double WeightDecay, double StepSize, double Correction2Sqrt);
