namespace Lessons.Tests.Docs;

/// <summary>
/// The docs cannot drift from the code: every C# block on a page is a snippet of a marked source region and equals
/// it line for line, every region a page names exists, and every region in the sources is shown somewhere.
/// </summary>
public sealed class SnippetTests
{
    /// <summary>One test case per snippet, named "page:line → path#region".</summary>
    public static IEnumerable<TestCaseData> Snippets() =>
        Repository.Pages.SelectMany(page => page.CodeBlocks
            .Where(b => b.Marker is not null)
            .Select(b => new TestCaseData(page.Path, b).SetName($"Snippet {page.Path}:{b.Line} shows {b.Marker}")));

    [TestCaseSource(nameof(Snippets))]
    public void Every_snippet_equals_its_source_region(string page, CodeBlock block)
    {
        var marker = block.Marker!;
        File.Exists(Repository.FullPath(marker.SourcePath)).Should()
            .BeTrue($"{page}:{marker.Line} quotes {marker.SourcePath}, which must exist");
        var (regions, problems) = SourceRegions.Read(marker.SourcePath);
        problems.Should().BeEmpty();
        regions.Should().ContainKey(marker.Region,
            $"{page}:{marker.Line} quotes region '{marker.Region}' of {marker.SourcePath}; mark it there with the " +
            $"comment lines // <doc:{marker.Region}> and // </doc:{marker.Region}>");
        string.Join('\n', block.Content).Should().Be(regions[marker.Region],
            $"the snippet at {page}:{block.Line} must equal {marker} (copy the region again, without its common " +
            "indentation)");
    }

    /// <summary>
    /// Copies every region into the snippets that quote it, rewriting the pages: after changing quoted code, run
    /// <c>dotnet test tests/Lessons.Tests --filter Name=Update_snippets_from_their_regions</c>, then read the diff.
    /// </summary>
    [Test]
    [Explicit("rewrites the pages under docs/")]
    public void Update_snippets_from_their_regions()
    {
        foreach (var page in Repository.Pages)
        {
            var lines = page.Lines.ToList();
            foreach (var block in page.CodeBlocks.Where(b => b.Marker is not null).Reverse())
            {
                var (regions, _) = SourceRegions.Read(block.Marker!.SourcePath);
                if (regions.TryGetValue(block.Marker.Region, out var region))
                {
                    lines.RemoveRange(block.Line, block.Content.Count);
                    lines.InsertRange(block.Line, region.Split('\n'));
                }
            }

            File.WriteAllText(Repository.FullPath(page.Path), string.Join('\n', lines));
        }
    }

    [Test]
    public void Every_page_has_snippets_that_the_snippet_test_reads()
    {
        Snippets().Should().NotBeEmpty("the lesson pages quote their code by region");
    }

    [Test]
    public void Every_csharp_block_is_a_snippet()
    {
        var loose = Repository.Pages
            .SelectMany(page => page.CodeBlocks.Where(b => b.IsCSharp && b.Marker is null)
                .Select(b => $"{page.Path}:{b.Line}"))
            .ToList();

        loose.Should().BeEmpty(
            "C# on a page is quoted from compiled code: put '<!-- snippet: path#region -->' on the line above the " +
            "block, and mark the region in the source");
    }

    [Test]
    public void Every_snippet_marker_stands_right_above_a_csharp_block()
    {
        var dangling = Repository.Pages
            .SelectMany(page => page.SnippetMarkers
                .Where(m => !page.CodeBlocks.Any(b => b.IsCSharp && b.Marker == m))
                .Select(m => $"{page.Path}:{m.Line} ({m})"))
            .ToList();

        dangling.Should().BeEmpty("a snippet marker must be the line just above a ```csharp fence");
    }

    [Test]
    public void Region_markers_are_balanced_in_every_source_file()
    {
        var problems = SourceRegions.SourcePaths.SelectMany(path => SourceRegions.Read(path).Problems).ToList();

        problems.Should().BeEmpty();
    }

    [Test]
    public void Every_source_region_is_shown_by_a_page()
    {
        var shown = Repository.Pages
            .SelectMany(page => page.CodeBlocks.Select(b => b.Marker?.ToString()))
            .ToHashSet(StringComparer.Ordinal);
        var unused = SourceRegions.SourcePaths
            .SelectMany(path => SourceRegions.Read(path).Regions.Keys.Select(region => $"{path}#{region}"))
            .Where(region => !shown.Contains(region))
            .ToList();

        unused.Should().BeEmpty("a region marker that no page quotes is noise in the source: quote it or remove it");
    }
}
