using System.CommandLine;
using Lessons.Steps;

namespace Lessons.Cli;

/// <summary>
/// <c>lessons hint lesson.step [--level N]</c>: one level of a step's hint — 1 the idea, 2 a nudge toward the API, 3
/// the code. Without <c>--level</c> it shows the next level not yet shown for that step, remembered beside the
/// workbook (<see cref="HintState"/>), as Rustlings' <c>hint</c> and Exercism's hints do.
/// </summary>
internal static class HintCommand
{
    /// <summary>The <c>hint</c> subcommand.</summary>
    public static Command Create()
    {
        var command = new Command("hint", "Show a hint for a workbook step: the idea, then a nudge, then the code.");
        var step = new Argument<string>("step") { Description = "The step, as lesson.step (softmax-scratch.Softmax)." };
        var level = new Option<int?>("--level")
        {
            Description = "1 the idea, 2 a nudge toward the API, 3 the code (default: the next one not yet shown).",
        };
        level.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } n and (< 1 or > StepHints.Levels))
            {
                result.AddError($"--level {n}: a hint level is 1 (the idea), 2 (a nudge) or 3 (the code).");
            }
        });
        command.Arguments.Add(step);
        command.Options.Add(level);
        command.SetAction(parse => ProgressCommand.Guard(parse, output =>
        {
            var name = parse.GetValue(step)!;
            if (!name.Contains('.', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{name}': name one step as lesson.step, e.g. {name}.<Step>; the steps " +
                    $"are listed by 'lessons check {name}'.");
            }

            var check = StepSelection.Parse(name).Single();
            var hint = StepHints.Find(check.Id) ?? throw new ArgumentException($"{check.Id} has no hints yet.");
            var state = HintState.Load(WorkbookFolder.Locate());
            var shown = parse.GetValue(level) ?? state.Next(check.Id);
            output.WriteLine($"{check.Id} — hint {shown} of {StepHints.Levels}: {StepHints.LevelNames[shown - 1]}");
            output.WriteLine();
            output.WriteLine(hint.Level(shown));
            output.WriteLine();
            output.WriteLine(shown < StepHints.Levels
                ? $"more: lessons hint {check.Id} (level {shown + 1}: {StepHints.LevelNames[shown]})"
                : $"that is the last level; check your step with: lessons check {check.Id}");
            state.Remember(check.Id, shown);
            return 0;
        }));
        return command;
    }
}
