using Lessons.Backends;

namespace Lessons.MicroBenchmarks;

/// <summary>The backends a benchmark is parameterised by: every one that starts here (CPU always).</summary>
public static class StartableBackends
{
    /// <summary>The names of the backends that can start on this machine.</summary>
    public static IEnumerable<string> Names() => Backend.Names.Where(CanStart);

    private static bool CanStart(string name)
    {
        try
        {
            Backend.Create(name).Dispose();
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or DllNotFoundException or ArgumentException
            or PlatformNotSupportedException)
        {
            return false;
        }
    }
}
