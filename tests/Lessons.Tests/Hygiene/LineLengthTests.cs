using Lessons.Tests.Docs;

namespace Lessons.Tests.Hygiene;

/// <summary>The .editorconfig limit of 120 characters per line, which dotnet format does not enforce.</summary>
public sealed class LineLengthTests
{
    private const int Limit = 120;

    [Test]
    public void Every_CSharp_line_fits_in_120_characters()
    {
        var tooLong = new[] { "src", "tests" }
            .SelectMany(folder => Repository.Files(folder, "*.cs"))
            .SelectMany(path => File.ReadAllLines(Repository.FullPath(path))
                .Select((line, index) => (path, number: index + 1, line.Length)))
            .Where(entry => entry.Length > Limit)
            .Select(entry => $"{entry.path}:{entry.number}: {entry.Length} characters")
            .ToList();

        tooLong.Should().BeEmpty($"lines are limited to {Limit} characters (.editorconfig max_line_length)");
    }
}
