using System.Text.RegularExpressions;
using Lessons.Steps;
using Lessons.Steps.Checks;
using Lessons.Tests.Support;

namespace Lessons.Tests.Workbook;

/// <summary>
/// The hints: three levels for every step; levels 1 and 2 hold no code (level 1 is what the stubs and
/// <c>lessons progress</c> show); level 3 is the code, and it is right: written into the workbook, every step passes.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
[NonParallelizable]
[Category("WorkbookAcceptance")]
public sealed partial class HintTests(string backend) : BackendFixture(backend)
{
    /// <summary>What code looks like in a sentence: a call, member access, an assignment, brackets,
    /// operators.</summary>
    [GeneratedRegex(@"\w\(|[A-Za-z_]\.[A-Za-z_]|[={}\[\]]|=>|\s[*/+]\s|\w\s*\*|\bvar\b|\breturn\b|\bnew\b")]
    private static partial Regex CodeLike();

    [Test]
    public void Every_step_has_three_levels_and_every_hint_names_a_step()
    {
        StepHints.All.Select(h => h.Id).Should().BeEquivalentTo(StepChecks.All.Select(c => c.Id));
        StepHints.All.Should().OnlyContain(h => h.Idea.Length > 40 && h.Nudge.Length > 20 && h.Code.Length > 5);
    }

    [Test]
    public void Level_1_is_words_with_the_books_section_and_no_code()
    {
        foreach (var hint in StepHints.All)
        {
            CodeLike().Match(hint.Idea).Value.Should().BeEmpty($"{hint.Id}'s level-1 hint is the idea in words");
            hint.Idea.Should().Contain("§", $"{hint.Id}'s level-1 hint names the book's section");
        }
    }

    [Test]
    public void Level_2_names_the_api_but_is_no_complete_expression()
    {
        foreach (var hint in StepHints.All)
        {
            hint.Nudge.Should().NotContain("=>").And.NotContain(" = ").And.NotContain("\n")
                .And.NotMatchRegex(@"\breturn\s+[\w.]+\(", $"{hint.Id}'s level-2 hint is a nudge, not the code");
        }
    }

    [Test]
    public void The_code_of_level_3_written_into_the_workbook_passes_every_check()
    {
        using var copy = new WorkbookCopy();
        foreach (var hint in StepHints.All)
        {
            var file = StepChecks.Find(hint.Id).StepsType.Name[1..^"Steps".Length] + ".cs";
            copy.Write(file, hint.Step, hint.Code);
        }

        var results = StepRunner.RunAll(copy.Target);

        results.Where(r => r.Status != StepStatus.Done).Select(r => $"{r.Check.Id}: {r.Status} {r.Message}")
            .Should().BeEmpty("the code a level-3 hint gives is a solution");
    }

    [Test]
    public void The_shipped_stubs_carry_the_level_1_hint_only()
    {
        if (StepTarget.FromEnvironmentName() == "workbook")
        {
            Assert.Ignore("LESSONS_TARGET=workbook: a learner is filling in the workbook, so it is not untouched.");
        }

        var results = StepRunner.RunAll(StepTarget.Workbook);

        foreach (var result in results)
        {
            var hint = StepHints.Find(result.Check.Id)!;
            result.Message.Should().Be($"hint: {hint.Idea}", $"{result.Check.Id}'s stub carries level 1 only");
        }
    }
}
