using System.Globalization;

namespace Lessons.Backends.OpenCl;

/// <summary>
/// Launch counts and device times per kernel and work size (a kernel over 2,560 work-items and the same kernel
/// over 7,840 are two lines), gathered when LESSONS_OPENCL_PROFILE=1.
/// </summary>
internal sealed class KernelProfile
{
    private readonly Dictionary<(string Kernel, long Items), (int Count, TimeSpan Time)> kernels = [];

    /// <summary>Records one launch of <paramref name="kernel"/> over <paramref name="items"/> work-items that ran
    /// for <paramref name="time"/> on the device.</summary>
    public void Add(string kernel, long items, TimeSpan time)
    {
        var (count, total) = kernels.GetValueOrDefault((kernel, items));
        kernels[(kernel, items)] = (count + 1, total + time);
    }

    /// <summary>The table, the kernel with the most device time first, and the total.</summary>
    public override string ToString()
    {
        var total = kernels.Values.Aggregate(TimeSpan.Zero, (sum, k) => sum + k.Time);
        var launches = kernels.Values.Sum(k => k.Count);
        var lines = kernels.OrderByDescending(k => k.Value.Time).Select(k => string.Create(
            CultureInfo.InvariantCulture,
            $"{k.Key.Kernel,-32} {k.Key.Items,9} items {k.Value.Count,8} launches " +
            $"{k.Value.Time.TotalMilliseconds,10:F1} ms " +
            $"{k.Value.Time.TotalMicroseconds / k.Value.Count,8:F1} µs each"));
        return string.Join(Environment.NewLine, lines.Append(string.Create(CultureInfo.InvariantCulture,
            $"{"total",-32} {"",15} {launches,8} launches {total.TotalMilliseconds,10:F1} ms")));
    }
}
