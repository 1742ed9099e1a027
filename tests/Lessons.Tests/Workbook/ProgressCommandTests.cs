using System.CommandLine;
using Lessons.Cli;
using Lessons.Steps.Checks;

namespace Lessons.Tests.Workbook;

/// <summary><c>lessons progress</c>: a table per lesson and a total, plain when redirected, exit code 0.</summary>
[NonParallelizable]
[Category("WorkbookAcceptance")]
public sealed class ProgressCommandTests
{
    private static (int Exit, string Output) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var exit = LessonsCommand.Build().Parse(args)
            .Invoke(new InvocationConfiguration { Output = output, Error = output });
        return (exit, output.ToString());
    }

    [Test]
    public void The_untouched_workbook_is_all_not_started_with_hints_and_exits_0()
    {
        var (exit, output) = Invoke("progress", "--backend", "cpu", "--target", "workbook");

        exit.Should().Be(0);
        output.Should().Contain("Checking the workbook's steps on cpu")
            .And.Contain("Linear regression from scratch — §3.2 / 3.4 (linreg-scratch)")
            .And.Contain("not started  hint: ")
            .And.Contain($"total: 0 of {StepChecks.All.Count} steps done, 0 failing, " +
                $"{StepChecks.All.Count} not started")
            .And.Contain("next: linear-regression.Normal — hint: ");
    }

    [Test]
    public void The_reference_is_all_done()
    {
        var (exit, output) = Invoke("progress", "--backend", "cpu", "--target", "reference");

        exit.Should().Be(0);
        output.Should().Contain("SquaredLoss").And.Contain("done ✓")
            .And.Contain($"total: {StepChecks.All.Count} of {StepChecks.All.Count} steps done, 0 failing, " +
                "0 not started")
            .And.Contain("every step is done.");
    }

    [Test]
    public void An_unknown_target_is_refused()
    {
        var (exit, output) = Invoke("progress", "--target", "mine");

        exit.Should().NotBe(0);
        output.Should().Contain("mine").And.Contain("workbook");
    }
}
