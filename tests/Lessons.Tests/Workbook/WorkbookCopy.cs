using System.Text.RegularExpressions;
using Lessons.Steps;

namespace Lessons.Tests.Workbook;

/// <summary>
/// A copy of the shipped workbook in a temporary folder, named by <c>LESSONS_WORKBOOK</c> while it lives, so a test can
/// write a learner's attempt into a step, as a learner would, and run the real commands on it. Disposing restores the
/// variable and deletes the folder.
/// </summary>
internal sealed partial class WorkbookCopy : IDisposable
{
    private readonly string? previous;

    public WorkbookCopy()
    {
        Folder = Path.Combine(Path.GetTempPath(), "lessons-workbook-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        var shipped = Path.Combine(Docs.Repository.Root, WorkbookFolder.RelativePath);
        foreach (var file in Directory.GetFiles(shipped, "*.cs"))
        {
            File.Copy(file, Path.Combine(Folder, Path.GetFileName(file)));
        }

        previous = Environment.GetEnvironmentVariable(WorkbookFolder.EnvironmentVariable);
        Environment.SetEnvironmentVariable(WorkbookFolder.EnvironmentVariable, Folder);
    }

    public string Folder { get; }

    /// <summary>The path of a workbook file, e.g. "SoftmaxRegressionScratch.cs".</summary>
    public string this[string file] => Path.Combine(Folder, file);

    /// <summary>Replaces the stub of <paramref name="step"/> in <paramref name="file"/> by a body.</summary>
    public WorkbookCopy Write(string file, string step, string body)
    {
        var path = this[file];
        var text = File.ReadAllText(path);
        var stub = new Regex(@"(public [^\n]*? " + step + @"\((?:[^()]|\([^()]*\))*\)) =>\s*throw new " +
            @"NotImplementedException\(\s*""(?:[^""\\]|\\.)*""(?:\s*\+\s*""(?:[^""\\]|\\.)*"")*\s*\);");
        var match = stub.Match(text);
        match.Success.Should().BeTrue($"{file} should still have the stub of {step}");
        var written = text[..match.Index] + match.Groups[1].Value + "\n    {\n" + Indent(body) + "\n    }" +
            text[(match.Index + match.Length)..];
        File.WriteAllText(path, written);
        return this;
    }

    /// <summary>The workbook's target, compiled now.</summary>
    public StepTarget Target => StepTarget.FromWorkbook(WorkbookCompiler.Compile(Folder));

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(WorkbookFolder.EnvironmentVariable, previous);
        Directory.Delete(Folder, recursive: true);
    }

    private static string Indent(string body) =>
        string.Join("\n", body.Split('\n').Select(line => line.Length == 0 ? line : "        " + line));
}
