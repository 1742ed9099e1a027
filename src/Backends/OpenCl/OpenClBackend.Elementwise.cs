namespace Lessons.Backends.OpenCl;

/// <summary>Copy, cast and the element-wise operations: Kernels/copy.cl and Kernels/elementwise.cl.</summary>
public sealed partial class OpenClBackend
{
    /// <inheritdoc/>
    public void Copy(DeviceBuffer x, BroadcastLayout layout, DeviceBuffer y, int offset = 0)
    {
        var input = Own(x, "Copy");
        var output = Output(y, "Copy");
        RequireSameDType("Copy", x, y);
        RequireLength("Copy", "the output", y, layout.Numel);
        if (output.Length == 0)
        {
            return;
        }

        var merged = MergedLayout.Of(layout, 1, "Copy");
        if (merged.Grid() is var (shape, strides))
        {
            var s = strides[0];
            LaunchGrid(
                kernels.Get("copy.cl", x.DType, "copy_grid"),
                shape,
                shape[0], shape[1], shape[2], s[0], s[1], s[2], offset, input, output);
            output.KnownRange = input.KnownRange;
            return;
        }

        var kernel = kernels.Get("copy.cl", x.DType, "copy_strided");
        LaunchPerElement(
            kernel,
            output.Length,
            output.Length, merged.Rank, merged.ShapeArg, merged.StridesArg(0), offset, input, output);
        output.KnownRange = input.KnownRange; // a copy holds a subset of the input's values
    }

    /// <inheritdoc/>
    public void Cast(DeviceBuffer x, DeviceBuffer y)
    {
        var input = Own(x, "Cast");
        var output = Output(y, "Cast");
        RequireLength("Cast", "the output", y, x.Length);
        RequireSupported(x.DType, "Cast");
        RequireSupported(y.DType, "Cast");
        if (output.Length == 0)
        {
            return;
        }

        if (x.DType == y.DType)
        {
            queue.Copy(input.Mem, output.Mem, input.Bytes);
            output.KnownRange = input.KnownRange;
            return;
        }

        var name = y.DType switch
        {
            DType.Float32 => "cast_to_float",
            DType.Float64 => "cast_to_double",
            _ => "cast_to_int",
        };
        LaunchPerElement(kernels.Get("copy.cl", x.DType, name), output.Length, output.Length, input, output);
    }

    /// <inheritdoc/>
    public void Unary(UnaryOp op, DeviceBuffer x, DeviceBuffer y, double alpha = 0, double beta = 0)
    {
        var input = Own(x, "Unary");
        var output = Output(y, "Unary");
        RequireSameDType($"Unary {op}", x, y);
        RequireLength($"Unary {op}", "the output", y, x.Length);
        if (!x.DType.IsFloatingPoint())
        {
            throw new NotSupportedException($"Unary {op}: defined for Float32 and Float64 buffers, not {x.DType}.");
        }

        if (output.Length == 0)
        {
            return;
        }

        LaunchPerElement(
            kernels.Get("elementwise.cl", x.DType, $"unary_{op.ToString().ToLowerInvariant()}"),
            output.Length,
            output.Length,
            input,
            output,
            KernelArg.Real(x.DType, alpha),
            KernelArg.Real(x.DType, beta));
    }

    /// <inheritdoc/>
    public void Binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, BroadcastLayout layout)
    {
        var left = Own(a, "Binary");
        var right = Own(b, "Binary");
        var output = Output(y, "Binary");
        RequireSameDType($"Binary {op}", a, b, y);
        RequireLength($"Binary {op}", "the output", y, layout.Numel);
        if (output.Length == 0)
        {
            return;
        }

        if (op == BinaryOp.Div && a.DType == DType.Int32)
        {
            RefuseZeroDivisor(right);
        }

        var merged = MergedLayout.Of(layout, 2, $"Binary {op}");
        if (merged.Grid() is var (shape, strides))
        {
            var (sa, sb) = (strides[0], strides[1]);
            LaunchGrid(
                kernels.Get("elementwise.cl", a.DType, $"binary_{op.ToString().ToLowerInvariant()}"),
                shape,
                shape[0], shape[1], shape[2], sa[0], sa[1], sa[2], sb[0], sb[1], sb[2], left, right, output);
            return;
        }

        LaunchPerElement(
            kernels.Get("elementwise.cl", a.DType, "binary"),
            output.Length,
            (int)op,
            output.Length,
            merged.Rank,
            merged.ShapeArg,
            merged.StridesArg(0),
            merged.StridesArg(1),
            left,
            right,
            output);
    }

    /// <inheritdoc/>
    public void Where(DeviceBuffer condition, DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, BroadcastLayout layout)
    {
        var mask = Own(condition, "Where");
        var left = Own(a, "Where");
        var right = Own(b, "Where");
        var output = Output(y, "Where");
        RequireSameDType("Where", a, condition, b, y);
        RequireLength("Where", "the output", y, layout.Numel);
        if (output.Length == 0)
        {
            return;
        }

        var merged = MergedLayout.Of(layout, 3, "Where");
        LaunchPerElement(
            kernels.Get("elementwise.cl", a.DType, "where_select"),
            output.Length,
            output.Length,
            merged.Rank,
            merged.ShapeArg,
            merged.StridesArg(0),
            merged.StridesArg(1),
            merged.StridesArg(2),
            mask,
            left,
            right,
            output);
    }

    /// <summary>
    /// Integer division by zero throws on the CPU; a device cannot throw, so the divisor is checked here: free
    /// when its bounds are known, one read-back otherwise (integer division never occurs in a training step).
    /// </summary>
    private void RefuseZeroDivisor(OpenClBuffer divisor)
    {
        if (divisor.Length == 0 || divisor.KnownRange is { } known && (known.Min > 0 || known.Max < 0))
        {
            return;
        }

        var values = new int[divisor.Length];
        Download<int>(divisor, values);
        if (values.Contains(0))
        {
            throw new DivideByZeroException("Div: integer division by zero.");
        }

        divisor.KnownRange = IndexRange(values);
    }
}
