using Lessons.Backends;
using Lessons.Backends.Cpu;
using Lessons.Backends.OpenCl;

namespace Lessons.Cli;

/// <summary>
/// The composition root of the <c>lessons</c> command: the backends it ships, registered with Core's front door
/// (<see cref="Backend"/>), which knows no backend by itself. Registering creates nothing: an OpenCL platform is
/// looked for only when "opencl" is chosen.
/// </summary>
public static class BackendRegistration
{
    /// <summary>Registers "cpu" and "opencl" (again is harmless: a name registered twice keeps one entry).</summary>
    public static void RegisterAll()
    {
        Backend.Register("cpu", config => new CpuBackend(config));
        Backend.Register("opencl", config => new OpenClBackend(config));
    }
}
