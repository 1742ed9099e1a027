using Lessons.Tests.OpenCl;

// No namespace: a SetUpFixture outside every namespace wraps the whole assembly, so the shared OpenCL backend
// (used by the OpenCL fixtures and, through TestBackends, by every backend-parameterized fixture) is released
// only after the last test of the run.

/// <summary>Releases the shared OpenCL backend after every test has run.</summary>
[SetUpFixture]
public sealed class OpenClTestRun
{
    [OneTimeTearDown]
    public void ReleaseSharedBackend() => OpenClTestDevice.DisposeShared();
}
