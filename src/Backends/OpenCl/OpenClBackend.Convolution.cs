namespace Lessons.Backends.OpenCl;

/// <summary>Convolution and pooling (Kernels/conv.cl and Kernels/pool.cl), the CPU's <c>Convolution</c> and
/// <c>Pooling</c> on the device: every result stays in device memory, nothing is read back.</summary>
public sealed partial class OpenClBackend
{
    /// <summary>Work-items that share one weight's sum in the weight gradient (a power of two).</summary>
    private const int WeightGradLanes = 64;

    /// <inheritdoc/>
    public void Conv2d(DeviceBuffer x, DeviceBuffer weight, DeviceBuffer? bias, DeviceBuffer y, Conv2dLayout layout)
    {
        const string Operation = "Conv2d";
        var (input, w, output) = (Own(x, Operation), Own(weight, Operation), Output(y, Operation));
        var b = bias is null ? null : Own(bias, Operation);
        RequireSameDType(Operation, x, weight, y);
        RequireFloat(Operation, x);
        CheckConv(Operation, layout, ("the input", x, layout.InputLength), ("the weight", weight, layout.WeightLength),
            ("the output", y, layout.OutputLength));
        if (bias is not null)
        {
            RequireSameDType(Operation, x, bias);
            RequireLength(Operation, "the bias", bias, layout.OutChannels);
        }

        // im2col + one matrix product, as the CPU does it (the direct kernel conv2d_forward, one work-item per
        // output, is the readable version and the subset test's reference; the product is the tuned kernel).
        var width = layout.Batch * layout.OutHeight * layout.OutWidth;
        using var columns = Allocate(x.DType, layout.PatchLength * width, zeroed: false);
        using var rows = Allocate(x.DType, layout.OutChannels * width, zeroed: false);
        Im2Col(layout, input, columns);
        MatMul(weight, columns, rows, new MatMulShape(layout.OutChannels, width, layout.PatchLength, false, false));
        LaunchPerElement(kernels.Get("conv.cl", x.DType, "conv2d_rows_to_output"), layout.OutputLength,
            ConvArgs(layout, (OpenClBuffer)rows, b ?? w, b is null ? 0 : 1, output));
    }

    /// <summary>Launches conv2d_im2col: one work-item per (row, image, output row) segment.</summary>
    private void Im2Col(Conv2dLayout layout, OpenClBuffer input, DeviceBuffer columns) =>
        LaunchPerElement(kernels.Get("conv.cl", input.DType, "conv2d_im2col"),
            layout.PatchLength * layout.Batch * layout.OutHeight, ConvArgs(layout, input, (OpenClBuffer)columns));

    /// <summary>The direct forward kernel, one work-item per output: the definition, kept for the tests.</summary>
    internal void Conv2dDirect(DeviceBuffer x, DeviceBuffer weight, DeviceBuffer? bias, DeviceBuffer y,
        Conv2dLayout layout)
    {
        var (input, w, output) = (Own(x, "Conv2d"), Own(weight, "Conv2d"), Output(y, "Conv2d"));
        var b = bias is null ? null : Own(bias, "Conv2d");
        LaunchPerElement(kernels.Get("conv.cl", x.DType, "conv2d_forward"), layout.OutputLength,
            ConvArgs(layout, input, w, b ?? w, b is null ? 0 : 1, output));
    }

    /// <inheritdoc/>
    public void Conv2dInputGrad(DeviceBuffer gradY, DeviceBuffer weight, DeviceBuffer gradX, Conv2dLayout layout)
    {
        const string Operation = "Conv2dInputGrad";
        var (gy, w, gx) = (Own(gradY, Operation), Own(weight, Operation), Output(gradX, Operation));
        RequireSameDType(Operation, gradY, weight, gradX);
        RequireFloat(Operation, gradY);
        CheckConv(Operation, layout, ("the output gradient", gradY, layout.OutputLength),
            ("the weight", weight, layout.WeightLength), ("the input gradient", gradX, layout.InputLength));
        // cols(gX) = Wᵀ · gY as one product, then col2im gathers each input's entries.
        var width = layout.Batch * layout.OutHeight * layout.OutWidth;
        using var rows = Allocate(gradY.DType, layout.OutChannels * width, zeroed: false);
        using var columns = Allocate(gradY.DType, layout.PatchLength * width, zeroed: false);
        LaunchPerElement(kernels.Get("conv.cl", gradY.DType, "conv2d_output_to_rows"), layout.OutputLength,
            ConvArgs(layout, gy, (OpenClBuffer)rows));
        MatMul(weight, rows, columns, new MatMulShape(layout.PatchLength, width, layout.OutChannels, true, false));
        LaunchPerElement(kernels.Get("conv.cl", gradY.DType, "conv2d_col2im"), layout.InputLength,
            ConvArgs(layout, (OpenClBuffer)columns, gx));
    }

    /// <summary>The direct input-gradient kernel, one work-item per input: kept for the tests.</summary>
    internal void Conv2dInputGradDirect(DeviceBuffer gradY, DeviceBuffer weight, DeviceBuffer gradX,
        Conv2dLayout layout)
    {
        var (gy, w, gx) = (Own(gradY, "Conv2dInputGrad"), Own(weight, "Conv2dInputGrad"),
            Output(gradX, "Conv2dInputGrad"));
        LaunchPerElement(kernels.Get("conv.cl", gradY.DType, "conv2d_input_grad"), layout.InputLength,
            ConvArgs(layout, gy, w, gx));
    }

    /// <inheritdoc/>
    public void Conv2dWeightGrad(DeviceBuffer x, DeviceBuffer gradY, DeviceBuffer gradWeight, Conv2dLayout layout)
    {
        const string Operation = "Conv2dWeightGrad";
        var (input, gy, gw) = (Own(x, Operation), Own(gradY, Operation), Output(gradWeight, Operation));
        RequireSameDType(Operation, x, gradY, gradWeight);
        RequireFloat(Operation, x);
        CheckConv(Operation, layout, ("the input", x, layout.InputLength),
            ("the output gradient", gradY, layout.OutputLength), ("the weight gradient", gradWeight,
                layout.WeightLength));
        if (layout.WeightLength == 0)
        {
            return;
        }

        // gW = gY · colsᵀ, one product over the whole batch: (O) × (N·OH·OW) times its transpose's partner.
        var width = layout.Batch * layout.OutHeight * layout.OutWidth;
        using var rows = Allocate(x.DType, layout.OutChannels * width, zeroed: false);
        using var columns = Allocate(x.DType, layout.PatchLength * width, zeroed: false);
        Im2Col(layout, input, columns);
        LaunchPerElement(kernels.Get("conv.cl", x.DType, "conv2d_output_to_rows"), layout.OutputLength,
            ConvArgs(layout, gy, (OpenClBuffer)rows));
        MatMul(rows, columns, gw, new MatMulShape(layout.OutChannels, layout.PatchLength, width, false, true));
    }

    /// <summary>The weight-gradient reduction kernel, a work-group per weight folding its sum in local memory:
    /// kept for the tests (and for a device where the product's long K is the slower way).</summary>
    internal void Conv2dWeightGradReduction(DeviceBuffer x, DeviceBuffer gradY, DeviceBuffer gradWeight,
        Conv2dLayout layout)
    {
        var (input, gy, gw) = (Own(x, "Conv2dWeightGrad"), Own(gradY, "Conv2dWeightGrad"),
            Output(gradWeight, "Conv2dWeightGrad"));
        var kernel = kernels.Get("conv.cl", x.DType, "conv2d_weight_grad");
        // As many lanes as there are output rows to share out, up to 64, and a power of two for the pairwise fold.
        var rows = Math.Max(1, layout.Batch * layout.OutHeight);
        var lanes = 1;
        while (lanes * 2 <= Math.Min(Math.Min(WeightGradLanes, kernel.MaxWorkGroupSize), rows))
        {
            lanes *= 2;
        }

        queue.Launch(kernel, [layout.WeightLength * lanes], [lanes],
            ConvArgs(layout, input, gy, gw, KernelArg.Local(lanes * x.DType.SizeOf())));
    }

    /// <inheritdoc/>
    public void MaxPool2d(DeviceBuffer x, DeviceBuffer y, DeviceBuffer indices, Pool2dLayout layout)
    {
        const string Operation = "MaxPool2d";
        var (input, output, where) = (Own(x, Operation), Output(y, Operation), Output(indices, Operation));
        RequireSameDType(Operation, x, y);
        RequireFloat(Operation, x);
        RequireIndices(Operation, indices);
        CheckPool(Operation, layout, ("the input", x, layout.InputLength), ("the output", y, layout.OutputLength),
            ("the indices", indices, layout.OutputLength));
        LaunchPerElement(kernels.Get("pool.cl", x.DType, "max_pool2d"), layout.OutputLength,
            PoolArgs(layout, input, output, where));
    }

    /// <inheritdoc/>
    public void MaxPool2dBackward(DeviceBuffer gradY, DeviceBuffer indices, DeviceBuffer gradX, Pool2dLayout layout)
    {
        const string Operation = "MaxPool2dBackward";
        var (gy, where, gx) = (Own(gradY, Operation), Own(indices, Operation), Output(gradX, Operation));
        RequireSameDType(Operation, gradY, gradX);
        RequireFloat(Operation, gradY);
        RequireIndices(Operation, indices);
        CheckPool(Operation, layout, ("the output gradient", gradY, layout.OutputLength),
            ("the indices", indices, layout.OutputLength), ("the input gradient", gradX, layout.InputLength));
        LaunchPerElement(kernels.Get("pool.cl", gradY.DType, "max_pool2d_backward"), layout.InputLength,
            PoolArgs(layout, gy, where, gx));
    }

    /// <inheritdoc/>
    public void AvgPool2d(DeviceBuffer x, DeviceBuffer y, Pool2dLayout layout)
    {
        const string Operation = "AvgPool2d";
        var (input, output) = (Own(x, Operation), Output(y, Operation));
        RequireSameDType(Operation, x, y);
        RequireFloat(Operation, x);
        CheckPool(Operation, layout, ("the input", x, layout.InputLength), ("the output", y, layout.OutputLength));
        LaunchPerElement(kernels.Get("pool.cl", x.DType, "avg_pool2d"), layout.OutputLength,
            PoolArgs(layout, input, output));
    }

    /// <inheritdoc/>
    public void AvgPool2dBackward(DeviceBuffer gradY, DeviceBuffer gradX, Pool2dLayout layout)
    {
        const string Operation = "AvgPool2dBackward";
        var (gy, gx) = (Own(gradY, Operation), Output(gradX, Operation));
        RequireSameDType(Operation, gradY, gradX);
        RequireFloat(Operation, gradY);
        CheckPool(Operation, layout, ("the output gradient", gradY, layout.OutputLength),
            ("the input gradient", gradX, layout.InputLength));
        LaunchPerElement(kernels.Get("pool.cl", gradY.DType, "avg_pool2d_backward"), layout.InputLength,
            PoolArgs(layout, gy, gx));
    }

    private static KernelArg[] ConvArgs(Conv2dLayout l, params ReadOnlySpan<KernelArg> buffers) =>
    [
        l.Batch, l.InChannels, l.Height, l.Width, l.OutChannels, l.KernelHeight, l.KernelWidth, l.Stride, l.Padding,
        .. buffers,
    ];

    private static KernelArg[] PoolArgs(Pool2dLayout l, params ReadOnlySpan<KernelArg> buffers) =>
        [l.Planes, l.Height, l.Width, l.KernelSize, l.Stride, l.Padding, .. buffers];

    private static void CheckConv(string operation, Conv2dLayout layout,
        params ReadOnlySpan<(string Name, DeviceBuffer Buffer, int Length)> buffers)
    {
        if (layout.Stride < 1 || layout.Padding < 0 || layout.OutHeight < 1 || layout.OutWidth < 1)
        {
            throw new ArgumentException($"{operation}: {layout} has no output window.");
        }

        foreach (var (name, buffer, length) in buffers)
        {
            RequireLength(operation, name, buffer, length);
        }
    }

    private static void CheckPool(string operation, Pool2dLayout layout,
        params ReadOnlySpan<(string Name, DeviceBuffer Buffer, int Length)> buffers)
    {
        if (layout.Stride < 1 || layout.Padding < 0 || layout.OutHeight < 1 || layout.OutWidth < 1)
        {
            throw new ArgumentException($"{operation}: {layout} has no output window.");
        }

        foreach (var (name, buffer, length) in buffers)
        {
            RequireLength(operation, name, buffer, length);
        }
    }

    private static void RequireIndices(string operation, DeviceBuffer indices)
    {
        if (indices.DType != DType.Int32)
        {
            throw new ArgumentException($"{operation}: the indices must be Int32, got {indices.DType}.");
        }
    }
}
