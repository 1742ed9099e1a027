namespace Lessons.Backends.OpenCl;

/// <summary>The running sum along an axis and the slice write behind torch.cat: Kernels/scan.cl.</summary>
public sealed partial class OpenClBackend
{
    /// <inheritdoc/>
    public void CumSum(DeviceBuffer x, DeviceBuffer y, AxisLayout layout)
    {
        var input = Own(x, "CumSum");
        var output = Output(y, "CumSum");
        RequireSameDType("CumSum", x, y);
        RequireLength("CumSum", "the input", x, (long)layout.Outer * layout.Axis * layout.Inner);
        RequireLength("CumSum", "the output", y, (long)layout.Outer * layout.Axis * layout.Inner);
        if (output.Length == 0)
        {
            return;
        }

        var kernel = kernels.Get("scan.cl", x.DType, "cumsum");
        var (width, lanes) = ReduceGroup(layout, kernel);
        var accumulator = x.DType == DType.Float32 && Device.HasFp64 ? sizeof(double) : x.DType.SizeOf();
        queue.Launch(
            kernel, [layout.Inner, lanes, layout.Outer], [width, lanes, 1],
            layout.Axis, layout.Inner, input, output, KernelArg.Local(width * lanes * accumulator));
    }

    /// <inheritdoc/>
    public void CopyToSlice(DeviceBuffer x, DeviceBuffer y, GatherLayout layout, int start)
    {
        var input = Own(x, "CopyToSlice");
        var output = Output(y, "CopyToSlice");
        RequireSameDType("CopyToSlice", x, y);
        RequireLength("CopyToSlice", "the input", x, (long)layout.Outer * layout.IndexLength * layout.Inner);
        RequireLength("CopyToSlice", "the output", y, (long)layout.Outer * layout.Axis * layout.Inner);
        if (start < 0 || start + layout.IndexLength > layout.Axis)
        {
            throw new ArgumentException(
                $"CopyToSlice: the slice {start}..{start + layout.IndexLength - 1} lies outside an axis of " +
                $"{layout.Axis}.");
        }

        if (input.Length == 0)
        {
            return;
        }

        LaunchPerElement(
            kernels.Get("scan.cl", x.DType, "copy_to_slice"),
            input.Length,
            input.Length, layout.IndexLength, layout.Axis, layout.Inner, start, input, output);
    }
}
