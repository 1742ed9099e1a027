using Lessons.Tests.OpenCl;

// No namespace: a SetUpFixture outside every namespace wraps the whole assembly, so the shared OpenCL backend
// (used by the OpenCL fixtures and, through TestBackends, by every backend-parameterized fixture) is released
// only after the last test of the run.

/// <summary>
/// Says once, at the start of a run without OpenCL outside CI, that the OpenCL fixtures were not run and why;
/// releases the shared OpenCL backend after every test has run.
/// </summary>
[SetUpFixture]
public sealed class OpenClTestRun
{
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

    [OneTimeTearDown]
    public void ReleaseSharedBackend() => OpenClTestDevice.DisposeShared();
}
