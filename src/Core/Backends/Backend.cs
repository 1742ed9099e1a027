using System.Diagnostics.CodeAnalysis;
using Lessons.Configuration;

namespace Lessons.Backends;

/// <summary>
/// The one front door for choosing the backend tensors are created on, in the manner of Math.NET's
/// <c>Control</c>: the program that composes the library registers its backends
/// (<c>Backend.Register("opencl", config =&gt; new OpenClBackend(config))</c>), <see cref="Current"/> starts from
/// configuration (lessons.json, then LESSONS_BACKEND), <see cref="Use(IBackend)"/> switches,
/// <see cref="TryUse"/> switches only after the new backend has computed a known answer, and
/// <see cref="Describe"/> says what is active.
/// </summary>
/// <remarks>
/// Core does not reference the backend assemblies (they reference Core), and it does not look for them either:
/// no type names, no reflection. The <c>lessons</c> command, the test assembly and any other program register
/// the backends they ship, so a backend is present exactly when the program that uses it says so.
/// </remarks>
public static class Backend
{
    private static readonly Lock Gate = new();
    private static readonly List<(string Name, Func<LessonsConfig, IBackend> Create)> Registered = [];
    private static IBackend? current;

    /// <summary>The registered names, in registration order: what <see cref="Create(string, LessonsConfig?)"/>
    /// accepts.</summary>
    public static IReadOnlyList<string> Names
    {
        get
        {
            lock (Gate)
            {
                return [.. Registered.Select(r => r.Name)];
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="name"/> (case-insensitive) create backends with <paramref name="create"/>, which
    /// receives the configuration (device choice and the like). Registering a name again replaces its factory;
    /// registration creates nothing.
    /// </summary>
    public static void Register(string name, Func<LessonsConfig, IBackend> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        lock (Gate)
        {
            var index = Registered.FindIndex(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                Registered[index] = (Registered[index].Name, create);
            }
            else
            {
                Registered.Add((name.Trim(), create));
            }
        }
    }

    /// <summary>Forgets a registration (tests that register a stand-in remove it again).</summary>
    internal static bool Unregister(string name)
    {
        lock (Gate)
        {
            return Registered.RemoveAll(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)) > 0;
        }
    }

    /// <summary>The backend new tensors are created on unless one is named.</summary>
    public static IBackend Current
    {
        get => current ??= Create(LessonsConfig.Load());
        private set => current = value;
    }

    /// <summary>Makes <paramref name="backend"/> current until the returned handle is disposed.</summary>
    public static IDisposable Use(IBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var previous = current;
        Current = backend;
        return new Restore(() => current = previous);
    }

    /// <summary>
    /// Creates the backend <paramref name="name"/> names and verifies it before it becomes current (Math.NET's
    /// <c>TryUse…</c>): on success it is current until the returned handle is disposed, which also disposes it;
    /// when it cannot start or computes a wrong answer, nothing changes, null is returned and
    /// <paramref name="reason"/> says why in the backend's own words.
    /// </summary>
    public static IDisposable? TryUse(string name, LessonsConfig config, [NotNullWhen(false)] out string? reason)
    {
        if (!TryCreate(name, config, out var backend, out reason))
        {
            return null;
        }

        var use = Use(backend);
        return new Restore(() =>
        {
            use.Dispose();
            backend.Dispose();
        });
    }

    /// <summary>
    /// Creates and verifies a backend without making it current: true with a working <paramref name="backend"/>
    /// (the caller disposes it), or false with <paramref name="reason"/> — an unknown name, a backend that cannot
    /// start (no OpenCL platform, say), or one that computes 1 + 2 wrongly.
    /// </summary>
    public static bool TryCreate(string name, LessonsConfig config, [NotNullWhen(true)] out IBackend? backend,
        [NotNullWhen(false)] out string? reason)
    {
        backend = null;
        try
        {
            backend = Create(name, config);
            Verify(backend);
            reason = null;
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            backend?.Dispose();
            backend = null;
            reason = e.Message;
            return false;
        }
    }

    /// <summary>Creates the backend the configuration names (after LESSONS_BACKEND is applied).</summary>
    public static IBackend Create(LessonsConfig config) => Create(config.EffectiveBackend, config);

    /// <summary>
    /// Creates a registered backend by name. An unknown name is an error listing the registered ones; a backend
    /// that cannot start (no OpenCL platform, say) throws its own error saying why and how to fix it. Never falls
    /// back to another backend.
    /// </summary>
    public static IBackend Create(string name, LessonsConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        Func<LessonsConfig, IBackend>? create;
        lock (Gate)
        {
            create = Registered
                .FirstOrDefault(r => string.Equals(r.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)).Create;
        }

        if (create is null)
        {
            var names = Names;
            throw new ArgumentException(
                names.Count == 0
                    ? $"Unknown backend '{name}': no backend is registered. The program that uses Lessons registers " +
                      "its backends first, e.g. Backend.Register(\"cpu\", config => new CpuBackend(config))."
                    : $"Unknown backend '{name}'. Valid backends: {string.Join(", ", names)}.",
                nameof(name));
        }

        return create(config ?? LessonsConfig.Load());
    }

    /// <summary>What is active, for <c>lessons info</c>.</summary>
    public static string Describe() => Current.Describe();

    /// <summary>A computation whose answer is known: [1, 2] + [2, 1] must be [3, 3], read back to the host.</summary>
    private static void Verify(IBackend backend)
    {
        using var a = backend.Upload<float>([1f, 2f]);
        using var b = backend.Upload<float>([2f, 1f]);
        using var y = backend.Allocate(DType.Float32, 2);
        backend.Binary(BinaryOp.Add, a, b, y, BroadcastLayout.For(new Shape(2), new Shape(2), new Shape(2)));
        Span<float> result = stackalloc float[2];
        backend.Download(y, result);
        if (result[0] != 3f || result[1] != 3f)
        {
            throw new InvalidOperationException(
                $"Backend '{backend.Name}' ({backend.DeviceName}) started but computed [1, 2] + [2, 1] = " +
                $"[{result[0]}, {result[1]}], not [3, 3]; it is not used.");
        }
    }

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
