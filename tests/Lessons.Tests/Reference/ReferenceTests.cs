using Lessons.Tests.Support;

namespace Lessons.Tests.Reference;

/// <summary>
/// Every reference case (losses, softmax / log-softmax, optimizer trajectories computed by PyTorch 1.13 in float64)
/// as its own test case named "file/case", on every backend, in float64 and in float32 with each dtype's
/// tolerances. The cases come from <see cref="ReferenceFolder"/>: the copies under tests, or LESSONS_REFERENCE_DIR.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class ReferenceTests(string backend) : BackendFixture(backend)
{
    [TestCaseSource(typeof(ReferenceFolder), nameof(ReferenceFolder.TestCases))]
    public void Float64_matches_pytorch(ReferenceCase c) => ReferenceCaseRunner.Run(c, Device, DType.Float64);

    [TestCaseSource(typeof(ReferenceFolder), nameof(ReferenceFolder.TestCases))]
    public void Float32_matches_pytorch(ReferenceCase c)
    {
        if (ReferenceCaseRunner.Float32Obstacle(c) is { } reason)
        {
            Assert.Ignore(reason);
        }

        ReferenceCaseRunner.Run(c, Device, DType.Float32);
    }
}
