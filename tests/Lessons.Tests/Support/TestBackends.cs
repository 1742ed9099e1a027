using Lessons.Backends;
using Lessons.Backends.Cpu;

namespace Lessons.Tests.Support;

/// <summary>
/// The backends every backend-parameterized fixture runs on, as <c>[TestFixtureSource]</c> data, so a failure
/// names its backend ("TensorOpsTests(cpu)"). Each backend is created once per test run and printed once.
/// </summary>
public static class TestBackends
{
    private static readonly Lazy<IReadOnlyList<IBackend>> Available = new(Discover);

    /// <summary>Fixture arguments: one per available backend.</summary>
    public static IEnumerable<TestFixtureData> All =>
        Available.Value.Select(b => new TestFixtureData(b.Name).SetArgDisplayNames(b.Name));

    /// <summary>The backend a fixture was parameterized with.</summary>
    public static IBackend Get(string name) =>
        Available.Value.FirstOrDefault(b => b.Name == name)
        ?? throw new InvalidOperationException($"Backend '{name}' is not available in this test run.");

    /// <summary>The CPU reference, for agreement tests.</summary>
    public static IBackend Cpu => Get("cpu");

    private static IReadOnlyList<IBackend> Discover()
    {
        var backends = new List<IBackend> { new CpuBackend() };
        foreach (var backend in backends)
        {
            TestContext.Progress.WriteLine($"[backends] {backend.Describe().Replace('\n', ' ')}");
        }

        return backends;
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
