using System.CommandLine;
using System.Diagnostics;
using Lessons.Backends;
using Lessons.Configuration;
using Lessons.Steps;

namespace Lessons.Cli;

/// <summary>
/// <c>lessons check [lesson[.step]]</c>: runs the checks of one lesson or one step on the learner's workbook and
/// prints only those results — each failure with the misconception it recognises, a step not started with the idea of
/// its hint. Exit code 0 when every checked step passes, 1 when one fails (or, with <c>--strict</c>, is not started).
/// <c>--watch</c> re-checks whenever a workbook file is saved, as <c>dotnet watch test</c> or Rustlings would.
/// </summary>
internal static class CheckCommand
{
    /// <summary>The <c>check</c> subcommand.</summary>
    public static Command Create()
    {
        var command = new Command("check",
            "Check your workbook's steps (src/Lessons/Workbook/): one lesson, one step (lesson.step), or all.");
        var selector = new Argument<string?>("step")
        {
            Description = "A lesson (softmax-scratch) or one of its steps (softmax-scratch.Accuracy); all when left " +
                "out.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var strict = new Option<bool>("--strict") { Description = "A step not started fails the check too." };
        var watch = new Option<bool>("--watch") { Description = "Stay running; re-check each time a file is saved." };
        var backend = ProgressCommand.BackendOption();
        var target = ProgressCommand.TargetOption();
        command.Arguments.Add(selector);
        foreach (var option in new Option[] { strict, watch, backend, target })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancel) => Task.FromResult(ProgressCommand.Guard(parse, output =>
        {
            var checks = StepSelection.Parse(parse.GetValue(selector));
            var targetName = parse.GetValue(target);
            using var active = ProgressCommand.CreateBackend(parse.GetValue(backend), LessonsConfig.Load());
            using var use = Backend.Use(active);
            int CheckOnce()
            {
                var steps = StepTarget.Named(targetName);
                var watchTime = Stopwatch.StartNew();
                var results = StepRunner.RunAll(steps, checks);
                return Write(output, results, steps, active, parse.GetValue(strict), watchTime.Elapsed);
            }

            if (!parse.GetValue(watch))
            {
                return CheckOnce();
            }

            WatchLoop.Run(WorkbookFolder.Locate(), () => CheckOnce(), output, cancel);
            return 0;
        })));
        return command;
    }

    /// <summary>Prints the results; returns the exit code (0 all pass, 1 one fails).</summary>
    internal static int Write(TextWriter output, IReadOnlyList<StepResult> results, StepTarget target,
        IBackend backend, bool strict, TimeSpan elapsed)
    {
        var lessons = results.Select(r => r.Check.Lesson).Distinct().ToList();
        var what = lessons.Count == 1 ? lessons[0] : $"{lessons.Count} lessons";
        output.WriteLine($"Checking {what} on the {target.Name} on {backend.Name} ({backend.DeviceName})");

        // A file that does not compile: its errors once, then each of its steps says so.
        var compileErrors = results.Select(r => r.Message)
            .Where(m => m?.Contains(CompileMarker, StringComparison.Ordinal) == true).Distinct().ToList();
        foreach (var errors in compileErrors)
        {
            output.WriteLine(errors);
        }

        var width = results.Max(r => r.Check.Step.Length);
        foreach (var lesson in results.GroupBy(r => r.Check.Lesson))
        {
            if (lessons.Count > 1)
            {
                output.WriteLine($"{lesson.Key}:");
            }

            foreach (var result in lesson)
            {
                output.WriteLine(Line(result, width));
            }
        }

        int Count(StepStatus status) => results.Count(r => r.Status == status);
        var failing = Count(StepStatus.Failing);
        var notStarted = Count(StepStatus.NotStarted);
        var exit = failing > 0 || (strict && notStarted > 0) ? 1 : 0;
        output.WriteLine($"checked {results.Count} step{(results.Count == 1 ? "" : "s")}: {Count(StepStatus.Done)} " +
            $"done, {failing} failing, {notStarted} not started" +
            (strict && notStarted > 0 && failing == 0 ? " (--strict: a step not started fails)" : "") +
            $" — {elapsed.TotalSeconds:F1} s");
        var firstFailing = results.FirstOrDefault(r => r.Status == StepStatus.Failing);
        if (firstFailing is not null && compileErrors.Count == 0)
        {
            output.WriteLine($"stuck? lessons hint {firstFailing.Check.Id}");
        }

        return exit;
    }

    /// <summary>What a compile failure's message says (see <see cref="WorkbookCompileException"/>).</summary>
    internal const string CompileMarker = "does not compile — fix the compiler's errors first";

    private static string Line(StepResult result, int width)
    {
        var name = result.Check.Step.PadRight(width);
        return result.Status switch
        {
            StepStatus.Done => $"  ✓ {name}  done",
            StepStatus.NotStarted => $"  · {name}  not started — {result.Message}",
            _ when result.Message?.Contains(CompileMarker, StringComparison.Ordinal) == true =>
                $"  ✗ {name}  does not compile (the compiler's errors are above)",
            _ => $"  ✗ {name}  failing: {Indent(result.Message ?? "", width + 6)}",
        };
    }

    private static string Indent(string text, int spaces) =>
        text.Replace("\n", "\n" + new string(' ', spaces), StringComparison.Ordinal);
}
