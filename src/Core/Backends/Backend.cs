using Lessons.Configuration;

namespace Lessons.Backends;

/// <summary>
/// The one front door for choosing the backend tensors are created on, in the manner of Math.NET's
/// <c>Control</c>: <see cref="Current"/> starts from configuration (lessons.json, then LESSONS_BACKEND),
/// <see cref="Use(IBackend)"/> switches, and <see cref="Describe"/> says what is active.
/// </summary>
/// <remarks>
/// Core does not reference the backend assemblies (they reference Core); a backend is found by its
/// type name, so an application that ships Lessons.Backends.OpenCl gets "opencl" without Core knowing OpenCL.
/// </remarks>
public static class Backend
{
    private static readonly Dictionary<string, string> KnownBackends = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cpu"] = "Lessons.Backends.Cpu.CpuBackend, Lessons.Backends.Cpu",
        ["opencl"] = "Lessons.Backends.OpenCl.OpenClBackend, Lessons.Backends.OpenCl",
    };

    private static IBackend? current;

    /// <summary>The names <see cref="Create(string, LessonsConfig?)"/> accepts.</summary>
    public static IReadOnlyCollection<string> Names => KnownBackends.Keys;

    /// <summary>The backend new tensors are created on unless one is named.</summary>
    public static IBackend Current
    {
        get => current ??= Create(LessonsConfig.Load());
        private set => current = value;
    }

    /// <summary>Makes <paramref name="backend"/> current until the returned handle is disposed.</summary>
    public static IDisposable Use(IBackend backend)
    {
        var previous = current;
        Current = backend;
        return new Restore(() => current = previous);
    }

    /// <summary>Creates the backend the configuration names (after LESSONS_BACKEND is applied).</summary>
    public static IBackend Create(LessonsConfig config) => Create(config.EffectiveBackend, config);

    /// <summary>
    /// Creates a backend by name. An unknown name is an error listing the valid ones; a backend that cannot
    /// start (no OpenCL platform, say) throws its own error saying why and how to fix it. Never falls back.
    /// </summary>
    public static IBackend Create(string name, LessonsConfig? config = null)
    {
        config ??= LessonsConfig.Load();
        if (!KnownBackends.TryGetValue(name.Trim(), out var typeName))
        {
            throw new ArgumentException(
                $"Unknown backend '{name}'. Valid backends: {string.Join(", ", KnownBackends.Keys)}.", nameof(name));
        }

        var type = Type.GetType(typeName, throwOnError: false)
            ?? throw new InvalidOperationException(
                $"Backend '{name}' is not part of this application: assembly '{typeName.Split(", ")[1]}' " +
                "was not found. Reference its project or package.");
        try
        {
            return (IBackend)Activator.CreateInstance(type, config)!;
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>What is active, for <c>lessons info</c>.</summary>
    public static string Describe() => Current.Describe();

    private sealed class Restore(Action restore) : IDisposable
    {
        private Action? pending = restore;

        public void Dispose()
        {
            pending?.Invoke();
            pending = null;
        }
    }
}
