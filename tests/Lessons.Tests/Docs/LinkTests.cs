namespace Lessons.Tests.Docs;

/// <summary>Every relative link and image on the pages (docs/ and README.md) names a file that exists.</summary>
public sealed class LinkTests
{
    public static IEnumerable<TestCaseData> Pages() =>
        Repository.PagePaths.Select(path => new TestCaseData(path).SetName($"Links of {path} resolve"));

    [TestCaseSource(nameof(Pages))]
    public void Every_relative_link_and_image_resolves(string path)
    {
        var page = MarkdownPage.Load(path);
        var broken = new List<string>();
        foreach (var link in page.Links)
        {
            var target = link.Target.StartsWith('#') ? page.Path : page.Resolve(link.Target);
            if (target is null)
            {
                continue; // a URL: not ours to check offline
            }

            var full = Repository.FullPath(target);
            var anchor = link.Target.Contains('#') ? link.Target[(link.Target.IndexOf('#') + 1)..] : null;
            if (!File.Exists(full) && !(Directory.Exists(full) && !link.IsImage))
            {
                broken.Add($"{page.Path}:{link.Line}: {link.Target} → {target} does not exist");
            }
            else if (anchor is { Length: > 0 } && target.EndsWith(".md", StringComparison.Ordinal) &&
                     !MarkdownPage.Load(target).Anchors.Contains(anchor))
            {
                broken.Add($"{page.Path}:{link.Line}: {link.Target}: {target} has no heading with anchor #{anchor}");
            }
        }

        broken.Should().BeEmpty();
    }

    [Test]
    public void The_link_reader_finds_the_links_of_the_learning_path()
    {
        var index = MarkdownPage.Load("docs/index.md");

        index.Links.Select(l => index.Resolve(l.Target)).Should().Contain("docs/lessons/softmax-scratch.md");
    }

    [Test]
    public void Anchors_are_made_as_github_makes_them()
    {
        MarkdownPage.Slug("Softmax regression (3.4 / 4.1)").Should().Be("softmax-regression-34--41");
        MarkdownPage.Slug("How-to: `GradCheck` reports").Should().Be("how-to-gradcheck-reports");
        MarkdownPage.Slug("[Exercises](x.md) and checks").Should().Be("exercises-and-checks");
    }
}
