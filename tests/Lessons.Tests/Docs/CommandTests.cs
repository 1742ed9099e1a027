using System.CommandLine;
using System.Text.RegularExpressions;
using Lessons.Cli;
using Lessons.Framework;

namespace Lessons.Tests.Docs;

/// <summary>
/// Every <c>lessons ...</c> command shown in a code block or an inline code span (written as <c>lessons ...</c> or as
/// <c>dotnet run ... --project src/Lessons -- ...</c>) is one the CLI accepts: a real subcommand, real options,
/// and real lesson names, parsed by the same <see cref="LessonsCommand.Build"/> the program runs.
/// </summary>
public sealed partial class CommandTests
{
    /// <summary>A command found on a page: where it is and its arguments after "lessons".</summary>
    public sealed record ShownCommand(string Page, int Line, string[] Arguments)
    {
        public override string ToString() => $"{Page}:{Line}: lessons {string.Join(' ', Arguments)}";
    }

    /// <summary>Every command in every code block of every page.</summary>
    public static IReadOnlyList<ShownCommand> ShownCommands() =>
        Repository.Pages.SelectMany(page => page.CodeBlocks
            .Where(b => !b.IsCSharp)
            .SelectMany(b => b.Content.SelectMany((line, i) => Find(line)
                .Select(args => new ShownCommand(page.Path, b.Line + 1 + i, args)))))
            .ToList();

    /// <summary>Every command in an inline code span (`lessons run mlp`) of every page.</summary>
    public static IReadOnlyList<ShownCommand> InlineCommands() =>
        Repository.Pages.SelectMany(page => page.InlineCode
            .SelectMany(code => Find(code.Code).Select(args => new ShownCommand(page.Path, code.Line, args))))
            .ToList();

    public static IEnumerable<TestCaseData> Commands() =>
        ShownCommands().Concat(InlineCommands()).Select(c => new TestCaseData(c).SetName($"Command {c}"));

    /// <summary>The argument lists of the lessons commands on one line of a code block.</summary>
    public static IEnumerable<string[]> Find(string line)
    {
        var code = line.Split(" #")[0]; // a shell comment ends the command
        foreach (Match m in Invocation().Matches(code))
        {
            var rest = ShellOperator().Split(m.Groups["args"].Value)[0];
            yield return rest.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(a => a.Trim('"', '\''))
                .ToArray();
        }
    }

    [TestCaseSource(nameof(Commands))]
    public void Every_command_shown_is_one_the_cli_accepts(ShownCommand command)
    {
        var root = LessonsCommand.Build();
        command.Arguments.Should().NotBeEmpty($"{command} should name a subcommand");
        var subcommands = root.Subcommands.Select(c => c.Name).ToList();
        subcommands.Should().Contain(command.Arguments[0], $"{command} names a subcommand of 'lessons'");
        if (command.Arguments is ["run", var lesson, ..] && !lesson.StartsWith('-'))
        {
            LessonCatalog.All.Select(l => l.Name).Append("all").Should().Contain(lesson, $"{command} names a lesson");
        }

        var parse = root.Parse(command.Arguments);
        parse.Errors.Select(e => e.Message).Should().BeEmpty($"{command} must parse as the program parses it");
    }

    [Test]
    public void The_command_reader_finds_both_ways_of_writing_a_command()
    {
        Find("dotnet run -c Release --project src/Lessons -- run mlp --epochs 2 | tee log").Single()
            .Should().Equal("run", "mlp", "--epochs", "2");
        Find("LESSONS_BACKEND=opencl lessons info && lessons list # both").Select(a => string.Join(' ', a))
            .Should().Equal("info", "list");
        Find("cat lessons.json").Should().BeEmpty();
    }

    [Test]
    public void Every_subcommand_of_the_cli_is_shown_in_the_docs()
    {
        var shown = ShownCommands().Select(c => c.Arguments.FirstOrDefault()).ToHashSet();

        LessonsCommand.Build().Subcommands.Select(c => c.Name).Should().OnlyContain(name => shown.Contains(name),
            "the docs show every subcommand at least once");
    }

    // At the start of a command (line start, &&, ;, |, $( ), after VAR=value assignments: "lessons" or a
    // "dotnet run ... --project src/Lessons ... --"; then the arguments up to the next shell operator.
    private const string Start = @"(?:^|&&|;|\||\$\()\s*(?:[A-Z_][A-Z0-9_]*=\S+\s+)*";
    private const string Program = @"(?:lessons|dotnet\s+run\s[^|;&]*?--project\s+src/Lessons\S*\s[^|;&]*?--)";

    [GeneratedRegex(Start + Program + @"\s+(?<args>[^|;&]*)")]
    private static partial Regex Invocation();

    [GeneratedRegex(@"\s(?:>|2>|<)")]
    private static partial Regex ShellOperator();
}
