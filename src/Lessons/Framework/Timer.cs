using System.Diagnostics;

namespace Lessons.Framework;

/// <summary>d2l's <c>Timer</c> (§3.1 / §3.1): records several running times.</summary>
public sealed class Timer
{
    private readonly List<double> times = [];
    private readonly Stopwatch watch = new();

    /// <summary>Creates a timer and starts it, as the book's does.</summary>
    public Timer() => Start();

    /// <summary>The recorded times in seconds.</summary>
    public IReadOnlyList<double> Times => times;

    /// <summary>Starts (or restarts) the clock.</summary>
    public void Start() => watch.Restart();

    /// <summary>Stops the clock, records the time and returns it in seconds.</summary>
    public double Stop()
    {
        watch.Stop();
        times.Add(watch.Elapsed.TotalSeconds);
        return times[^1];
    }

    /// <summary>The average recorded time.</summary>
    public double Avg() => times.Count == 0 ? 0 : times.Average();

    /// <summary>The sum of the recorded times.</summary>
    public double Sum() => times.Sum();

    /// <summary>The running totals.</summary>
    public IReadOnlyList<double> CumSum()
    {
        var total = 0.0;
        return [.. times.Select(t => total += t)];
    }
}
