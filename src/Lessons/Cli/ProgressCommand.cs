using System.CommandLine;
using Lessons.Backends;
using Lessons.Configuration;
using Lessons.Framework;
using Lessons.Steps;
using Lessons.Steps.Checks;
using Spectre.Console;

namespace Lessons.Cli;

/// <summary>
/// <c>lessons progress</c>: runs every step check on the workbook (<c>src/Lessons/Workbook/</c>) and prints, lesson by
/// lesson, which steps are done, which are failing (with the first assertion that did not hold) and which are not
/// started (with the stub's hint). Progress is information, not a verdict: the exit code is 0 whatever it finds.
/// </summary>
internal static class ProgressCommand
{
    /// <summary>The <c>progress</c> subcommand.</summary>
    public static Command Create()
    {
        var command = new Command("progress",
            "Check the workbook's steps (src/Lessons/Workbook/): done, failing, or not started.");
        var backend = BackendOption();
        var target = TargetOption();
        var watch = new Option<bool>("--watch") { Description = "Stay running; re-check each time a file is saved." };
        command.Options.Add(backend);
        command.Options.Add(target);
        command.Options.Add(watch);
        command.SetAction((parse, cancel) => Task.FromResult(Guard(parse, output =>
        {
            var config = LessonsConfig.Load();
            using var active = CreateBackend(parse.GetValue(backend), config);
            using var use = Backend.Use(active);
            void PrintOnce() => Print(output, StepTarget.Named(parse.GetValue(target)), active);
            if (parse.GetValue(watch))
            {
                WatchLoop.Run(WorkbookFolder.Locate(), PrintOnce, output, cancel);
            }
            else
            {
                PrintOnce();
            }

            return 0;
        })));
        return command;
    }

    /// <summary>The <c>--backend</c> option of the workbook commands.</summary>
    internal static Option<string?> BackendOption() => new("--backend")
    {
        Description = $"Backend: {string.Join(" or ", Backend.Names)} (default: lessons.json, then LESSONS_BACKEND).",
    };

    /// <summary>The <c>--target</c> option of the workbook commands: the workbook unless told otherwise.</summary>
    internal static Option<string> TargetOption()
    {
        var target = new Option<string>("--target")
        {
            Description = "What to check: workbook (your steps) or reference (the lessons' own).",
            DefaultValueFactory = _ => "workbook",
        };
        target.AcceptOnlyFromAmong([.. StepTarget.Names]);
        return target;
    }

    /// <summary>The backend the command line names, else the configured one.</summary>
    internal static IBackend CreateBackend(string? name, LessonsConfig config) =>
        name is null ? Backend.Create(config) : Backend.Create(name, config);

    /// <summary>Runs a workbook command: an error the learner can fix is one line on standard error and exit code 1,
    /// never a stack trace (LESSONS_DEBUG=1 shows it).</summary>
    internal static int Guard(ParseResult parse, Func<TextWriter, int> action)
    {
        try
        {
            return action(parse.InvocationConfiguration.Output);
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("LESSONS_DEBUG") is not "1")
        {
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>Runs the checks lesson by lesson, printing each lesson's table as soon as its checks ran.</summary>
    private static void Print(TextWriter output, StepTarget target, IBackend backend)
    {
        var plain = !ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected
            || Environment.GetEnvironmentVariable("CI") is "true" or "1";
        var console = plain ? null : AnsiConsole.Console;
        var header = $"Checking the {target.Name}'s steps on {backend.Name} ({backend.DeviceName})";
        if (console is null)
        {
            output.WriteLine(header);
        }
        else
        {
            console.MarkupLine($"[bold]{Markup.Escape(header)}[/]");
        }

        var results = new List<StepResult>();
        foreach (var lesson in StepChecks.All.GroupBy(check => check.Lesson))
        {
            var lessonResults = StepRunner.RunAll(target, lesson).Select(WithIdea).ToList();
            results.AddRange(lessonResults);
            var info = LessonCatalog.Find(lesson.Key);
            var title = info is null ? lesson.Key : $"{info.Title} — §{info.Sections} ({lesson.Key})";
            if (console is null)
            {
                WritePlain(output, title, lessonResults);
            }
            else
            {
                WriteTable(console, title, lessonResults);
            }
        }

        var total = Total(results);
        var next = results.FirstOrDefault(r => r.Status != StepStatus.Done);
        var nextLine = next is null ? "every step is done."
            : $"next: {next.Check.Id} — {StepHints.NotStarted(next.Check.Lesson, next.Check.Step)}";
        if (console is null)
        {
            output.WriteLine();
            output.WriteLine(total);
            output.WriteLine(nextLine);
        }
        else
        {
            console.WriteLine();
            console.MarkupLine($"[bold]{Markup.Escape(total)}[/]");
            console.MarkupLine(Markup.Escape(nextLine));
        }
    }

    /// <summary>
    /// Progress never shows code: a step not started shows the idea of its hint (level 1) whatever its stub says, and
    /// a failing step shows it beside the failure; <c>lessons hint</c> gives the rest when asked.
    /// </summary>
    private static StepResult WithIdea(StepResult result)
    {
        var idea = StepHints.NotStarted(result.Check.Lesson, result.Check.Step);
        return result.Status switch
        {
            StepStatus.NotStarted when result.Message?.StartsWith("hint: ", StringComparison.Ordinal) != false =>
                result with { Message = idea },
            StepStatus.Failing when !result.Message!.Contains(CheckCommand.CompileMarker, StringComparison.Ordinal) =>
                result with { Message = $"{result.Message} — {idea}" },
            _ => result,
        };
    }

    private static void WritePlain(TextWriter output, string title, IReadOnlyList<StepResult> results)
    {
        output.WriteLine();
        output.WriteLine(title);
        var width = results.Max(r => r.Check.Step.Length);
        foreach (var result in results)
        {
            var status = result.Status switch
            {
                StepStatus.Done => "done ✓",
                StepStatus.Failing => "failing",
                _ => "not started",
            };
            var message = result.Message is null ? "" : $"  {result.Message}";
            output.WriteLine($"  {result.Check.Step.PadRight(width)}  {status,-11}{message}".TrimEnd());
        }
    }

    private static void WriteTable(IAnsiConsole console, string title, IReadOnlyList<StepResult> results)
    {
        var table = new Table { Title = new TableTitle(title), Border = TableBorder.Rounded };
        table.AddColumn("step");
        table.AddColumn("status");
        foreach (var result in results)
        {
            var message = Markup.Escape(result.Message ?? "");
            var status = result.Status switch
            {
                StepStatus.Done => "[green]done ✓[/]",
                StepStatus.Failing => $"[red]failing[/]: {message}",
                _ => $"[grey]not started[/]: {message}",
            };
            table.AddRow(new Markup(Markup.Escape(result.Check.Step)), new Markup(status));
        }

        console.WriteLine();
        console.Write(table);
    }

    private static string Total(IReadOnlyList<StepResult> results)
    {
        int Count(StepStatus status) => results.Count(r => r.Status == status);
        return $"total: {Count(StepStatus.Done)} of {results.Count} steps done, {Count(StepStatus.Failing)} failing, " +
            $"{Count(StepStatus.NotStarted)} not started";
    }
}
