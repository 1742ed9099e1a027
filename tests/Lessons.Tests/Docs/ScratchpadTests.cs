using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Lessons.Tests.Docs;

/// <summary>
/// The scratchpad of the index page, <c>src/Scratchpad/scratch.cs</c>, a .NET 10 file-based app (<c>dotnet run
/// src/Scratchpad/scratch.cs</c>; the page quotes it, and the snippet tests keep the quote equal to the file): its
/// <c>#:project</c> lines name the repository's projects, and its code, compiled as the program it is and run, prints
/// what the page says it prints. (Compiled in-process with Roslyn against the projects' assemblies, which are what
/// the <c>#:project</c> lines bring in, rather than by a <c>dotnet run</c> that builds them again for a minute.)
/// </summary>
[NonParallelizable]
public sealed class ScratchpadTests
{
    private const string File = "src/Scratchpad/scratch.cs";

    private static (List<string> Code, List<string> Printed) Example()
    {
        var page = MarkdownPage.Load("docs/index.md");
        var index = page.CodeBlocks.FindIndex(b => b.IsCSharp && b.Content.Any(l => l.StartsWith("#:project")));
        index.Should().BeGreaterThanOrEqualTo(0, "the index page shows the scratchpad example");
        page.CodeBlocks[index].Marker.Should().NotBeNull("the page quotes the scratchpad file");
        var printed = page.CodeBlocks.Skip(index + 1).First(b => b.Info == "text");
        return ([.. System.IO.File.ReadAllLines(Repository.FullPath(File))], printed.Content);
    }

    [Test]
    public void Its_project_lines_name_projects_of_the_repository()
    {
        var projects = Example().Code.Where(l => l.StartsWith("#:project ", StringComparison.Ordinal))
            .Select(l => l["#:project ".Length..].Trim()).ToList();

        projects.Should().NotBeEmpty();
        var folder = Path.GetDirectoryName(Repository.FullPath(File))!;
        projects.Should().OnlyContain(p => System.IO.File.Exists(Path.Combine(folder, p)),
            "the #:project paths are relative to the scratchpad's folder");
    }

    [Test]
    public void The_documented_example_runs_and_prints_what_the_page_says()
    {
        var (code, printed) = Example();
        var source = string.Join("\n", code.Select(l => l.StartsWith("#:", StringComparison.Ordinal) ? "" : l));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p));
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var implicitUsings = CSharpSyntaxTree.ParseText("global using System; global using System.Linq; " +
            "global using System.Collections.Generic; global using System.IO;", options); // as a file-based app has
        var compilation = CSharpCompilation.Create("scratch",
            [implicitUsings, CSharpSyntaxTree.ParseText(source, options)], references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions:
                NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty();

        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            var assembly = System.Reflection.Assembly.Load(image.ToArray());
            var main = assembly.EntryPoint!;
            main.Invoke(null, main.GetParameters().Length == 0 ? [] : [Array.Empty<string>()]);
        }
        finally
        {
            Console.SetOut(console);
        }

        output.ToString().ReplaceLineEndings("\n").TrimEnd().Should().Be(string.Join("\n", printed));
    }
}
