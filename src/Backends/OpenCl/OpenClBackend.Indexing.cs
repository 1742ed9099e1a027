namespace Lessons.Backends.OpenCl;

/// <summary>
/// Gather, index-select and scatter-add (Kernels/gather.cl), and the checks that keep an index from reading
/// stray memory.
/// </summary>
/// <remarks>
/// How indices are checked without a round trip per step: an Int32 buffer carries the bounds of its values
/// when the host knows them (it uploaded the data, filled it, or an ArgMax wrote it). Labels uploaded for a
/// minibatch are therefore checked on the host, for free, before the kernel is enqueued. Only an index
/// buffer of unknown content (computed on the device, say by a cast) is read back once and checked there;
/// its bounds are remembered until a kernel writes it again. Either way a bad index raises the CPU
/// backend's error at the call that used it, never later.
/// </remarks>
public sealed partial class OpenClBackend
{
    /// <inheritdoc/>
    public void Gather(DeviceBuffer x, DeviceBuffer index, DeviceBuffer y, GatherLayout layout)
    {
        var input = Own(x, "Gather");
        var indices = Own(index, "Gather");
        var output = Output(y, "Gather");
        RequireSameDType("Gather", x, y);
        RequireGatherLengths("Gather", x, index, y, layout);
        ValidateIndices(indices, layout.Axis, "index", v => OutOfAxis("Gather", v, layout.Axis));
        if (output.Length == 0)
        {
            return;
        }

        LaunchPerElement(
            kernels.Get("gather.cl", x.DType, "gather"),
            output.Length,
            layout.Outer, layout.Axis, layout.IndexLength, layout.Inner, input, indices, output);
        output.KnownRange = input.KnownRange; // gathered values are some of the input's
    }

    /// <inheritdoc/>
    public void IndexSelect(DeviceBuffer x, DeviceBuffer index, DeviceBuffer y, GatherLayout layout)
    {
        var input = Own(x, "IndexSelect");
        var indices = Own(index, "IndexSelect");
        var output = Output(y, "IndexSelect");
        RequireSameDType("IndexSelect", x, y);
        RequireLength("IndexSelect", "the input", x, (long)layout.Outer * layout.Axis * layout.Inner);
        RequireLength("IndexSelect", "the index", index, layout.IndexLength);
        RequireLength("IndexSelect", "the output", y, (long)layout.Outer * layout.IndexLength * layout.Inner);
        ValidateIndices(indices, layout.Axis, "index", v => OutOfAxis("IndexSelect", v, layout.Axis));
        if (output.Length == 0)
        {
            return;
        }

        // Rows a multiple of 16 long are copied 16 values at a time (gather.cl).
        var (kernel, vector) = layout.Inner % 16 == 0 ? ("index_select16", 16) : ("index_select", 1);
        LaunchGrid(
            kernels.Get("gather.cl", x.DType, kernel),
            [layout.Inner / vector, layout.IndexLength, layout.Outer],
            layout.Axis, layout.IndexLength, layout.Inner, input, indices, output);
        output.KnownRange = input.KnownRange;
    }

    /// <inheritdoc/>
    public void ScatterAdd(DeviceBuffer source, DeviceBuffer index, DeviceBuffer y, GatherLayout layout)
    {
        var values = Own(source, "ScatterAdd");
        var indices = Own(index, "ScatterAdd");
        var output = Output(y, "ScatterAdd");
        RequireSameDType("ScatterAdd", source, y);
        RequireGatherLengths("ScatterAdd", y, index, source, layout);
        ValidateIndices(indices, layout.Axis, "index", v => OutOfAxis("ScatterAdd", v, layout.Axis));
        if (output.Length == 0 || values.Length == 0)
        {
            return;
        }

        LaunchGrid(
            kernels.Get("gather.cl", y.DType, "scatter_add"),
            [layout.Inner, layout.Axis, layout.Outer],
            layout.Axis, layout.IndexLength, layout.Inner, values, indices, output);
    }

    /// <summary>
    /// The labels of a cross-entropy (forward or backward): each must name one of <paramref name="classes"/>
    /// classes. The message is the CPU backend's, word for word.
    /// </summary>
    private void ValidateLabels(OpenClBuffer labels, int classes) =>
        ValidateIndices(
            labels, classes, "label",
            v => $"SoftmaxCrossEntropy: label {v} is out of range for {classes} classes (expected 0..{classes - 1}).");

    private static string OutOfAxis(string operation, int index, int axis) =>
        $"{operation}: index {index} is out of range for an axis of length {axis} (expected 0..{axis - 1}).";

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> for <paramref name="parameter"/> with
    /// <paramref name="describe"/>'s message for the first element (in memory order, as the CPU finds it)
    /// outside 0..<paramref name="limit"/>-1.
    /// </summary>
    private void ValidateIndices(OpenClBuffer index, int limit, string parameter, Func<int, string> describe)
    {
        if (index.DType != DType.Int32)
        {
            throw new ArgumentException($"Indices and labels must be Int32, got {index.DType}.", nameof(index));
        }

        if (index.Length == 0 || index.KnownRange is { } known && known.Min >= 0 && known.Max < limit)
        {
            return;
        }

        // Unknown, or known bounds that reach outside: read the values to find the first offender (if any).
        var values = new int[index.Length];
        Download<int>(index, values);
        foreach (var v in values)
        {
            if (v < 0 || v >= limit)
            {
                throw new ArgumentOutOfRangeException(parameter, describe(v));
            }
        }

        index.KnownRange = IndexRange(values);
    }

    /// <summary>The smallest and largest value, the bounds an Int32 buffer remembers.</summary>
    private static (int Min, int Max) IndexRange(ReadOnlySpan<int> values)
    {
        int min = int.MaxValue, max = int.MinValue;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return (min, max);
    }

    /// <summary>x is (Outer, Axis, Inner); index and y are (Outer, IndexLength, Inner).</summary>
    private static void RequireGatherLengths(
        string operation, DeviceBuffer full, DeviceBuffer index, DeviceBuffer picked, GatherLayout layout)
    {
        var pickedLength = (long)layout.Outer * layout.IndexLength * layout.Inner;
        RequireLength(operation, "the indexed buffer", full, (long)layout.Outer * layout.Axis * layout.Inner);
        RequireLength(operation, "the index", index, pickedLength);
        RequireLength(operation, "the gathered buffer", picked, pickedLength);
    }
}
