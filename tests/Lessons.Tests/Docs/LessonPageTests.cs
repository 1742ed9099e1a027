using Lessons.Framework;

namespace Lessons.Tests.Docs;

/// <summary>
/// The learning path is complete: every lesson of <see cref="LessonCatalog.All"/> has its page, in the index in
/// reading order, labelled with both section numbers, with the command that runs it and the one that checks its
/// exercises.
/// </summary>
public sealed class LessonPageTests
{
    /// <summary>The command that checks the workbook's exercises, shown on every lesson page.</summary>
    public const string WorkbookCheck = "LESSONS_TARGET=workbook dotnet test tests/Lessons.Tests --filter";

    public static IEnumerable<TestCaseData> Lessons() =>
        LessonCatalog.All.Select(l => new TestCaseData(l.Name).SetName($"Page of {l.Name}"));

    private static string PageOf(string lesson) => $"docs/lessons/{lesson}.md";

    [TestCaseSource(nameof(Lessons))]
    public void Every_lesson_has_a_page_with_its_sections_and_commands(string name)
    {
        var lesson = LessonCatalog.Find(name)!;
        File.Exists(Repository.FullPath(PageOf(name))).Should().BeTrue($"{PageOf(name)} is the page of {name}");
        var page = MarkdownPage.Load(PageOf(name));
        var text = string.Join('\n', page.Lines);

        text.Should().Contain(lesson.Sections, "the page gives both section numbers (d2l 0.17 / current edition)");
        CommandTests.ShownCommands().Where(c => c.Page == page.Path)
            .Should().Contain(c => c.Arguments.Length >= 2 && c.Arguments[0] == "run" && c.Arguments[1] == name,
                "the page shows the command that runs its lesson");
        page.CodeBlocks.SelectMany(b => b.Content).Should().Contain(
            line => line.Contains(WorkbookCheck) && line.Contains("Category=Workbook"),
            "the page shows the command that checks its exercises");
    }

    [Test]
    public void The_index_links_every_lesson_page_in_reading_order()
    {
        var index = MarkdownPage.Load("docs/index.md");
        var linked = index.Links.Select(l => index.Resolve(l.Target)).OfType<string>()
            .Where(p => p.StartsWith("docs/lessons/", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        linked.Should().Equal(LessonCatalog.All.Select(l => PageOf(l.Name)));
    }

    [Test]
    public void Every_page_under_lessons_is_a_lesson()
    {
        Repository.Files("docs/lessons", "*.md").Should().BeSubsetOf(LessonCatalog.All.Select(l => PageOf(l.Name)));
    }
}
