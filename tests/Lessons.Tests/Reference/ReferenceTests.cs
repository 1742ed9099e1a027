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
    public void Float64_matches_pytorch(ReferenceCase c) => ReferenceCaseRunner.Run(c, B, DType.Float64);

    [TestCaseSource(typeof(ReferenceFolder), nameof(ReferenceFolder.Float32TestCases))]
    public void Float32_matches_pytorch(ReferenceCase c) => ReferenceCaseRunner.Run(c, B, DType.Float32);

    [Test]
    public void Only_the_bce_cases_that_float32_cannot_represent_are_float64_only_and_each_has_a_float32_twin()
    {
        var cases = ReferenceFolder.Load(Path.Combine(AppContext.BaseDirectory, "Reference")).ToList();
        var names = cases.Select(c => c.ToString()).ToHashSet();

        var float64Only = cases.Where(c => ReferenceCaseRunner.Float32Obstacle(c) is not null)
            .Select(c => c.ToString()).ToList();

        float64Only.Should().Equal("losses/BCELoss_clamp_2x4", "losses/BCELoss_clamp_weight_2x4");
        float64Only.Select(name => name.Replace("BCELoss_clamp_", "BCELoss_clamp_f32safe_"))
            .Should().OnlyContain(twin => names.Contains(twin));
    }
}
