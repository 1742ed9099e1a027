namespace Lessons.Backends.OpenCl;

/// <summary>
/// Reductions along an axis and the row-wise softmax family: Kernels/reduce.cl and Kernels/softmax.cl.
/// All of them are work-group tree reductions; these methods choose the group shapes.
/// </summary>
public sealed partial class OpenClBackend
{
    /// <summary>Work-groups of at most this many work-items: enough for a tree, small enough for every GPU.</summary>
    private const int GroupBudget = 256;

    /// <summary>
    /// Axes and rows up to this long are folded by one work-item per output (reduce_short, softmax_short); longer
    /// ones by a group's tree.
    /// </summary>
    private const int ShortAxis = 64;

    /// <inheritdoc/>
    public void Reduce(ReduceOp op, DeviceBuffer x, DeviceBuffer y, AxisLayout layout)
    {
        var input = Own(x, "Reduce");
        var output = Output(y, "Reduce");
        var isArg = op is ReduceOp.ArgMax or ReduceOp.ArgMin;
        RequireLength($"Reduce {op}", "the input", x, (long)layout.Outer * layout.Axis * layout.Inner);
        RequireLength($"Reduce {op}", "the output", y, (long)layout.Outer * layout.Inner);
        if (isArg ? y.DType != DType.Int32 : y.DType != x.DType)
        {
            throw new ArgumentException(
                $"Reduce {op}: the output must be {(isArg ? DType.Int32 : x.DType)}, got {y.DType}.");
        }

        if (output.Length == 0)
        {
            return;
        }

        if (layout.Axis == 0)
        {
            ReduceEmptyAxis(op, output);
            return;
        }

        // enum reduce_op in reduce.cl
        var code = op switch { ReduceOp.Sum => 0, ReduceOp.Max => 1, ReduceOp.Min => 2, _ => 3 };
        var first = isArg ? (op == ReduceOp.ArgMax ? 1 : 0) : code;
        if (layout.Axis <= ShortAxis)
        {
            LaunchGrid(
                kernels.Get("reduce.cl", x.DType, isArg ? "reduce_arg_short" : "reduce_short"),
                [layout.Inner, layout.Outer, 1],
                first, layout.Axis, layout.Inner, layout.Outer, input, output);
            output.KnownRange = isArg ? (0, layout.Axis - 1) : null;
            return;
        }

        var kernel = kernels.Get("reduce.cl", x.DType, isArg ? "reduce_arg" : "reduce");
        var (width, lanes) = ReduceGroup(layout, kernel);
        var slots = width * lanes;
        int[] global = [layout.Inner, lanes, layout.Outer];
        int[] local = [width, lanes, 1];
        if (isArg)
        {
            queue.Launch(
                kernel, global, local,
                first, layout.Axis, layout.Inner, input, output,
                KernelArg.Local(slots * x.DType.SizeOf()), KernelArg.Local(slots * sizeof(int)));
            output.KnownRange = (0, layout.Axis - 1);
        }
        else
        {
            queue.Launch(
                kernel, global, local,
                first, layout.Axis, layout.Inner, input, output, KernelArg.Local(slots * x.DType.SizeOf()));
        }
    }

    /// <inheritdoc/>
    public void Softmax(DeviceBuffer x, DeviceBuffer y, int rows, int cols, bool log)
    {
        var input = Own(x, "Softmax");
        var output = Output(y, "Softmax");
        RequireSameDType("Softmax", x, y);
        RequireFloat("Softmax", x);
        RequireLength("Softmax", "the input", x, (long)rows * cols);
        RequireLength("Softmax", "the output", y, (long)rows * cols);
        if (output.Length == 0)
        {
            return;
        }

        if (cols <= ShortAxis)
        {
            LaunchPerElement(
                kernels.Get("softmax.cl", x.DType, "softmax_short"), rows, rows, cols, log ? 1 : 0, input, output);
            return;
        }

        var kernel = kernels.Get("softmax.cl", x.DType, "softmax");
        var group = RowGroup(cols, kernel);
        queue.Launch(
            kernel, [rows * group], [group],
            cols, log ? 1 : 0, input, output, KernelArg.Local(group * x.DType.SizeOf()));
    }

    /// <inheritdoc/>
    public void SoftmaxCrossEntropy(DeviceBuffer logits, DeviceBuffer labels, DeviceBuffer loss, int rows, int cols)
    {
        const string Operation = "SoftmaxCrossEntropy";
        var o = Own(logits, Operation);
        var label = Own(labels, Operation);
        var output = Output(loss, Operation);
        RequireSameDType(Operation, logits, loss);
        RequireFloat(Operation, logits);
        RequireLength(Operation, "the logits", logits, (long)rows * cols);
        RequireLength(Operation, "the labels", labels, rows);
        RequireLength(Operation, "the loss", loss, rows);
        ValidateLabels(label, cols);
        if (rows == 0)
        {
            return;
        }

        if (cols <= ShortAxis)
        {
            LaunchPerElement(
                kernels.Get("softmax.cl", logits.DType, "softmax_cross_entropy_short"),
                rows,
                rows, cols, o, label, output);
            return;
        }

        var kernel = kernels.Get("softmax.cl", logits.DType, "softmax_cross_entropy");
        var group = RowGroup(cols, kernel);
        queue.Launch(
            kernel, [rows * group], [group],
            cols, o, label, output, KernelArg.Local(group * logits.DType.SizeOf()));
    }

    /// <inheritdoc/>
    public void SoftmaxCrossEntropyBackward(
        DeviceBuffer logits, DeviceBuffer labels, DeviceBuffer upstream, DeviceBuffer grad, int rows, int cols)
    {
        const string Operation = "SoftmaxCrossEntropyBackward";
        var o = Own(logits, Operation);
        var label = Own(labels, Operation);
        var g = Own(upstream, Operation);
        var output = Output(grad, Operation);
        RequireSameDType(Operation, logits, upstream, grad);
        RequireFloat(Operation, logits);
        RequireLength(Operation, "the logits", logits, (long)rows * cols);
        RequireLength(Operation, "the labels", labels, rows);
        RequireLength(Operation, "the upstream gradient", upstream, rows);
        RequireLength(Operation, "the gradient", grad, (long)rows * cols);
        ValidateLabels(label, cols);
        if (output.Length == 0)
        {
            return;
        }

        if (cols <= ShortAxis)
        {
            LaunchPerElement(
                kernels.Get("softmax.cl", logits.DType, "softmax_cross_entropy_backward_short"),
                rows,
                rows, cols, o, label, g, output);
            return;
        }

        var kernel = kernels.Get("softmax.cl", logits.DType, "softmax_cross_entropy_backward");
        var group = RowGroup(cols, kernel);
        queue.Launch(
            kernel, [rows * group], [group],
            cols, o, label, g, output, KernelArg.Local(group * logits.DType.SizeOf()));
    }

    /// <summary>
    /// The group shape of a reduction: <c>width</c> neighbouring columns (only when Inner &gt; 1) times
    /// <c>lanes</c> work-items along the axis, a power of two no larger than the axis needs.
    /// </summary>
    private static (int Width, int Lanes) ReduceGroup(AxisLayout layout, Kernel kernel)
    {
        var budget = FloorPowerOfTwo(Math.Min(GroupBudget, kernel.MaxWorkGroupSize));
        var width = layout.Inner == 1 ? 1 : Math.Min(CeilPowerOfTwo(layout.Inner), Math.Min(16, budget));
        var lanes = Math.Min(CeilPowerOfTwo(layout.Axis), budget / width);
        return (width, lanes);
    }

    /// <summary>Work-items per row for the softmax kernels: a power of two, no more than the row needs.</summary>
    private static int RowGroup(int cols, Kernel kernel) =>
        Math.Min(CeilPowerOfTwo(Math.Max(cols, 1)), FloorPowerOfTwo(Math.Min(GroupBudget, kernel.MaxWorkGroupSize)));

    /// <summary>A reduction over zero elements: the sum is 0, the product 1; the others have no answer.</summary>
    private void ReduceEmptyAxis(ReduceOp op, OpenClBuffer output)
    {
        if (op is not (ReduceOp.Sum or ReduceOp.Prod))
        {
            throw new ArgumentException($"Reduce {op}: the reduced axis has length 0, so there is no {op}.");
        }

        Fill(output, op == ReduceOp.Prod ? 1 : 0);
    }

    private static void RequireFloat(string operation, DeviceBuffer buffer)
    {
        if (!buffer.DType.IsFloatingPoint())
        {
            throw new NotSupportedException($"{operation}: defined for Float32 and Float64, not {buffer.DType}.");
        }
    }

    private static int CeilPowerOfTwo(int n) =>
        n <= 1 ? 1 : (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)n);

    private static int FloorPowerOfTwo(int n) => 1 << System.Numerics.BitOperations.Log2((uint)Math.Max(n, 1));
}
