using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Lessons.Cli;

/// <summary>
/// <c>lessons run &lt;lesson&gt; --help</c>: the help of <c>run</c> about that lesson — its title and sections, and
/// the numbers <c>--epochs</c>, <c>--batch-size</c> and <c>--lr</c> default to. Any other help is the usual one.
/// </summary>
internal sealed class LessonHelpAction(HelpAction inner, Command run, RunCommand.RunSymbols symbols)
    : SynchronousCommandLineAction
{
    /// <inheritdoc/>
    public override int Invoke(ParseResult parseResult)
    {
        var named = parseResult.GetResult(symbols.Lesson) is { Tokens.Count: > 0 } result
            ? result.Tokens[0].Value
            : null;
        if (parseResult.CommandResult.Command == run && named is not null
            && LessonArgument.Select(named) is [var lesson])
        {
            // The symbols are this parse's own (Build makes new ones each time), so describing them is safe.
            run.Description = $"Run '{lesson.Name}': {lesson.Title} (§{lesson.Sections}, d2l 0.17 / current).";
            symbols.Epochs.Description = RunCommand.EpochsHelp(lesson);
            symbols.BatchSize.Description = RunCommand.BatchSizeHelp(lesson);
            symbols.Lr.Description = RunCommand.LrHelp(lesson);
            symbols.Out.Description = $"Folder for the figures (default: out/{lesson.Name}/, " +
                $"out/quick/{lesson.Name}/ with --quick).";
        }

        return inner.Invoke(parseResult);
    }
}
