using Lessons.Backends;
using Lessons.Backends.Cpu;
using Lessons.Backends.OpenCl;
using Lessons.Tests.OpenCl;

// No namespace: a SetUpFixture outside every namespace wraps the whole assembly, so the backends are registered
// before the first test and the shared OpenCL backend (used by the OpenCL fixtures and, through TestBackends, by
// every backend-parameterized fixture) is released only after the last test of the run.

/// <summary>The test run's composition root: registers the backends, and releases the shared one at the end.</summary>
[SetUpFixture]
public sealed class TestRun
{
    /// <summary>The tests compose the library as a program does: Core knows no backend until one is registered.
    /// </summary>
    [OneTimeSetUp]
    public void RegisterBackends()
    {
        Backend.Register("cpu", config => new CpuBackend(config));
        Backend.Register("opencl", config => new OpenClBackend(config));
    }

    /// <summary>
    /// Says once, at the start of a run without OpenCL outside CI, that the OpenCL fixtures were not run and why.
    /// </summary>
    [OneTimeSetUp]
    public void SayWhetherOpenClRuns()
    {
        if (OpenClTestDevice.InCi || OpenClTestDevice.UnavailableReason is not { } reason)
        {
            return; // in CI a missing device fails every OpenCL fixture instead
        }

        TestContext.Progress.WriteLine(
            $"[backends] OpenCL fixtures NOT RUN (only the CPU was tested): {reason.ReplaceLineEndings(" ")} " +
            "Set CI=true to make a missing OpenCL device fail the run.");
    }

    /// <summary>Releases the shared OpenCL backend after every test has run.</summary>
    [OneTimeTearDown]
    public void ReleaseSharedBackend() => OpenClTestDevice.DisposeShared();
}
