using Lessons.Steps;
using Lessons.Steps.Checks;
using Lessons.Tests.Support;

namespace Lessons.Tests.Workbook;

/// <summary>
/// Every step check as a test case of its own, named lesson.step, on every backend, against the target
/// <c>LESSONS_TARGET</c> selects — the reference solution when it is not set (always, in CI). A learner runs
/// <c>LESSONS_TARGET=workbook dotnet test tests/Lessons.Tests --filter Category=Workbook</c>: a done step passes, a
/// failing one fails with the check's message, a step not started is Inconclusive with its hint, so the untouched
/// workbook never fails the run.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
[Category("Workbook")]
public sealed class WorkbookStepTests(string backend) : BackendFixture(backend)
{
    private static readonly Lazy<StepTarget> Target = new(StepTarget.FromEnvironment);

    /// <summary>One case per check, named after it.</summary>
    public static IEnumerable<TestCaseData> Checks =>
        StepChecks.All.Select(check => new TestCaseData(check.Id).SetName(check.Id).SetDescription(check.Description));

    [TestCaseSource(nameof(Checks))]
    public void Step(string id)
    {
        var result = StepRunner.Run(StepChecks.Find(id), Target.Value);

        switch (result.Status)
        {
            case StepStatus.Done:
                break;
            case StepStatus.Failing:
                Assert.Fail($"{id} on {Target.Value.Name}: {result.Message}");
                break;
            default:
                Assert.Inconclusive($"{id} is not started: {result.Message}");
                break;
        }
    }
}
