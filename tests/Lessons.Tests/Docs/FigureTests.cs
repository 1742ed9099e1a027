using System.Xml.Linq;
using Lessons.Framework;

namespace Lessons.Tests.Docs;

/// <summary>
/// The figures under docs/figures (written by <c>lessons figures</c>): each is shown by a page, each lives in the
/// folder of the lesson that draws it, and each SVG is well-formed. That every figure a page shows exists is
/// <see cref="LinkTests"/>'s job.
/// </summary>
public sealed class FigureTests
{
    private static IReadOnlyList<string> Figures => Repository.Files("docs/figures", "*.*");

    [Test]
    public void There_are_figures_to_check()
    {
        Figures.Should().NotBeEmpty("`lessons figures` writes the docs' figures into docs/figures, committed");
    }

    [Test]
    public void Every_figure_is_shown_by_a_page()
    {
        var shown = Repository.Pages
            .SelectMany(page => page.Links.Select(link => page.Resolve(link.Target)))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

        Figures.Where(f => !shown.Contains(f)).Should().BeEmpty(
            "every figure `lessons figures` writes is shown on its lesson's page (or no longer written)");
    }

    [Test]
    public void Every_figure_lives_in_the_folder_of_a_lesson()
    {
        var lessons = LessonCatalog.All.Select(l => l.Name).ToHashSet();

        Figures.Select(f => f.Split('/')).Where(parts => parts.Length != 4 || !lessons.Contains(parts[2]))
            .Select(parts => string.Join('/', parts))
            .Should().BeEmpty("figures are written to docs/figures/<lesson>/<file>");
    }

    [Test]
    public void Every_svg_figure_is_well_formed()
    {
        foreach (var figure in Figures.Where(f => f.EndsWith(".svg", StringComparison.Ordinal)))
        {
            var svg = XDocument.Load(Repository.FullPath(figure)).Root;
            svg.Should().NotBeNull();
            svg!.Name.LocalName.Should().Be("svg", $"{figure} is an SVG document");
        }
    }
}
