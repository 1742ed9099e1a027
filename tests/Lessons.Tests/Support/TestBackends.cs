using Lessons.Backends;
using Lessons.Backends.Cpu;
using Lessons.Tests.OpenCl;

namespace Lessons.Tests.Support;

/// <summary>
/// The backends every backend-parameterized fixture runs on, as <c>[TestFixtureSource]</c> data, so a failure
/// names its backend ("TensorOpsTests(cpu)"). Each backend is created once per test run and printed once.
/// </summary>
public static class TestBackends
{
    private static readonly Lazy<IReadOnlyList<string>> Names = new(Discover);
    private static readonly Lazy<IBackend> CpuBackendInstance = new(() => Announce(new CpuBackend()));
    private static readonly Lazy<IBackend> OpenClBackendInstance = new(() => Announce(OpenClTestDevice.Shared));

    /// <summary>Fixture arguments: one per available backend.</summary>
    public static IEnumerable<TestFixtureData> All =>
        Names.Value.Select(name => new TestFixtureData(name).SetArgDisplayNames(name));

    /// <summary>
    /// The backend a fixture was parameterized with, created on first use: on the thread that runs the tests,
    /// not the one that discovers them (Oclgrind's checker follows the thread that made its context).
    /// </summary>
    public static IBackend Get(string name) => name switch
    {
        "cpu" => CpuBackendInstance.Value,
        "opencl" when Names.Value.Contains(name) => OpenClBackendInstance.Value,
        _ => throw new InvalidOperationException($"Backend '{name}' is not available in this test run."),
    };

    /// <summary>The CPU reference, for agreement tests.</summary>
    public static IBackend Cpu => Get("cpu");

    /// <summary>
    /// "cpu" always; "opencl" when a device exists, and in CI (CI=true) even when none does, so that a missing
    /// platform fails every OpenCL fixture instead of quietly shrinking the run.
    /// </summary>
    private static IReadOnlyList<string> Discover()
    {
        var names = new List<string> { "cpu" };
        // Without a device (and outside CI) the "(opencl)" instances are not generated at all; OpenClTestRun says
        // so once, with the reason, when the run starts.
        if (OpenClTestDevice.IsAvailable || OpenClTestDevice.InCi)
        {
            names.Add("opencl");
        }

        return names;
    }

    private static IBackend Announce(IBackend backend)
    {
        TestContext.Progress.WriteLine($"[backends] {backend.Describe().Replace('\n', ' ')}");
        return backend;
    }
}

/// <summary>Base class of backend-parameterized fixtures: gives the fixture's backend and tensor helpers on
/// it.</summary>
public abstract class BackendFixture(string backendName)
{
    /// <summary>The backend this fixture instance runs on (shared by every fixture, owned by TestBackends).</summary>
#pragma warning disable NUnit1032 // not owned by the fixture: one backend instance serves the whole run
    protected IBackend B { get; } = TestBackends.Get(backendName);
#pragma warning restore NUnit1032

    /// <summary>Makes the fixture's backend current for code that uses the default backend (the lessons).</summary>
    [SetUp]
    public void UseFixtureBackend() => useBackend = Backend.Use(B);

    /// <summary>Restores the previous default backend.</summary>
    [TearDown]
    public void RestoreBackend() => useBackend?.Dispose();

    private IDisposable? useBackend;

    /// <summary>A float64 tensor on the fixture's backend.</summary>
    protected Tensor F64(double[] data, params int[] shape) => Tensor.FromArray(data, new Shape(shape), B);

    /// <summary>A float32 tensor on the fixture's backend.</summary>
    protected Tensor F32(float[] data, params int[] shape) => Tensor.FromArray(data, new Shape(shape), B);

    /// <summary>An Int32 tensor on the fixture's backend.</summary>
    protected Tensor I32(int[] data, params int[] shape) => Tensor.FromArray(data, new Shape(shape), B);
}
