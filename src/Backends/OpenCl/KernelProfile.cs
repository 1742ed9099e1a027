using System.Globalization;

namespace Lessons.Backends.OpenCl;

/// <summary>Launch counts and total times per kernel, gathered when LESSONS_OPENCL_PROFILE=1.</summary>
internal sealed class KernelProfile
{
    private readonly Dictionary<string, (int Count, TimeSpan Time)> kernels = [];

    /// <summary>Records one launch of <paramref name="kernel"/> that took <paramref name="time"/> to finish.</summary>
    public void Add(string kernel, TimeSpan time)
    {
        var (count, total) = kernels.GetValueOrDefault(kernel);
        kernels[kernel] = (count + 1, total + time);
    }

    /// <summary>The table, slowest kernel first.</summary>
    public override string ToString() => string.Join(Environment.NewLine,
        kernels.OrderByDescending(k => k.Value.Time).Select(k => string.Create(CultureInfo.InvariantCulture,
            $"{k.Key,-32} {k.Value.Count,8} launches {k.Value.Time.TotalMilliseconds,10:F1} ms " +
            $"{k.Value.Time.TotalMicroseconds / k.Value.Count,8:F1} µs each")));
}
