using System.CommandLine;
using System.Globalization;
using Lessons.Backends;
using Lessons.Configuration;
using Lessons.Framework;
using Lessons.Steps;

namespace Lessons.Cli;

/// <summary>
/// <c>lessons run &lt;lesson&gt;</c>: checks every option, the settings, the backend and the output folders before
/// any work starts; runs the lessons; stops cleanly on a diverging loss or Ctrl-C; and ends with the list of the
/// files it wrote.
/// </summary>
public static class RunCommand
{
    /// <summary>The options of <c>run</c>, kept together so the help can describe them per lesson.</summary>
    internal sealed record RunSymbols(
        Argument<string> Lesson, Option<string?> Backend, Option<int?> Epochs, Option<int?> BatchSize,
        Option<double[]?> Lr, Option<int> Seed, Option<bool> Quick, Option<string?> Out, Option<bool> Json,
        Option<bool> Offline, Option<string?> Dataset, Option<bool> Workbook);

    /// <summary>Called as the lessons start, with the run's Ctrl-C handler (tests press Ctrl-C through it).</summary>
    internal static Action<CtrlC>? OnStart { get; set; }

    /// <summary>Builds the command.</summary>
    public static Command Create() => Create(out _);

    internal static Command Create(out RunSymbols symbols)
    {
        var command = new Command("run", "Run a lesson, or 'all' of them in reading order.");
        symbols = new RunSymbols(
            LessonArgument.Create(),
            LessonsCommand.BackendOption(),
            CheckedOptions.WholeNumber("--epochs", EpochsHelp(null), min: 1),
            CheckedOptions.WholeNumber("--batch-size", BatchSizeHelp(null), min: 1),
            CheckedOptions.FiniteNumbers("--lr", LrHelp(null), min: 0,
                why: " (torch's optimizers refuse a negative learning rate)"),
            CheckedOptions.WholeNumber("--seed", "Seed of every random draw, a whole number (default: 0).",
                defaultValue: 0, min: int.MinValue, max: int.MaxValue),
            new Option<bool>("--quick")
            {
                Description = "Reduced sizes, every lesson in seconds; writes to out/quick/<lesson>/.",
            },
            CheckedOptions.Folder("--out", "Folder for the figures (default: out/<lesson>/)."),
            new Option<bool>("--json") { Description = "Print one JSON object as the last line (NaN/inf as null)." },
            new Option<bool>("--offline") { Description = "Never download a dataset." },
            new Option<string?>("--dataset")
            {
                Description = $"Dataset to train on: {string.Join(", ", LessonDatasets.Names)}, where the lesson " +
                    "accepts it (default: the book's, fashion-mnist).",
            },
            new Option<bool>("--workbook")
            {
                Description = "Train with your workbook's steps (src/Lessons/Workbook/) in place of the reference's; " +
                    "a step not started uses the reference (also: LESSONS_TARGET=workbook).",
            });
        var s = symbols;
        command.Arguments.Add(s.Lesson);
        foreach (var option in new Option[]
                 { s.Backend, s.Epochs, s.BatchSize, s.Lr, s.Seed, s.Quick, s.Out, s.Json, s.Offline, s.Dataset,
                   s.Workbook })
        {
            command.Options.Add(option);
        }

        command.SetAction(LessonsCommand.Guarded(parse => Run(parse, s)));
        return command;
    }

    /// <summary>The help of <c>--epochs</c>, with the lesson's numbers when one is named.</summary>
    internal static string EpochsHelp(ILesson? lesson) =>
        "Number of epochs, a whole number ≥ 1 " + Defaults(lesson, h => $"{h.Epochs} ({h.QuickEpochs} with --quick)");

    /// <summary>The help of <c>--batch-size</c>.</summary>
    internal static string BatchSizeHelp(ILesson? lesson) =>
        "Minibatch size, a whole number ≥ 1 " + Defaults(lesson, h => $"{h.BatchSize}");

    /// <summary>The help of <c>--lr</c>.</summary>
    internal static string LrHelp(ILesson? lesson) =>
        "Learning rate, a finite number ≥ 0 " + Defaults(lesson, h => FormattableString.Invariant($"{h.Lr}"));

    private static string Defaults(ILesson? lesson, Func<Hyperparameters, string> value) => lesson switch
    {
        null => "(default: the lesson's; see 'lessons run <lesson> --help').",
        { Defaults.Count: 0 } => "(not used by this lesson).",
        { Defaults.Count: 1 } => $"(default: {value(lesson.Defaults[0])}).",
        _ => $"(default: {string.Join("; ", lesson.Defaults.Select(h => $"{h.Recipe} {value(h)}"))}).",
    };

    private static int Run(ParseResult parse, RunSymbols s)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var lessons = LessonArgument.Select(parse.GetValue(s.Lesson)!)!;
        var json = parse.GetValue(s.Json);
        var dataset = parse.GetValue(s.Dataset);
        if (lessons.Count > 1)
        {
            LessonDatasets.CheckAny(lessons, dataset);
        }
        else
        {
            LessonDatasets.Check(lessons[0], dataset);
        }

        // Everything the user typed or configured is checked before the first tensor is made.
        var config = LessonsConfig.Load();
        BackendChoice.Resolve(parse.GetValue(s.Backend), config);
        var outDir = parse.GetValue(s.Out);
        var rates = parse.GetValue(s.Lr);
        if (rates is { Length: > 1 } && lessons.FirstOrDefault(l => l.Name != "linreg-scratch") is { } single)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--lr {string.Join(",", rates)}: several learning rates make a sweep, which linreg-scratch draws; " +
                $"{single.Name} takes one."));
        }

        var learner = parse.GetValue(s.Workbook) || StepTarget.FromEnvironmentName() == "workbook"
            ? StepTarget.Workbook
            : null;
        var plan = lessons.Select(lesson => (Lesson: lesson, Options: new LessonOptions(
            parse.GetValue(s.Epochs), parse.GetValue(s.BatchSize), rates is { Length: > 0 } ? rates[0] : null,
            parse.GetValue(s.Seed),
            parse.GetValue(s.Quick),
            // With 'all', each lesson writes into its own subfolder of --out.
            outDir is not null && lessons.Count > 1 ? Path.Combine(outDir, lesson.Name) : outDir,
            parse.GetValue(s.Offline), LessonDatasets.For(lesson, dataset),
            rates is { Length: > 1 } ? rates : null))).ToList();
        foreach (var (lesson, options) in plan)
        {
            OutputFolder.Check(LessonContext.DefaultOutputDirectory(options, lesson.Name),
                outDir is null ? "The default output folder" : "--out");
        }

        var active = BackendChoice.Create(parse.GetValue(s.Backend), config);
        using var backend = active;
        using var use = Backend.Use(active);
        using var interrupt = new CtrlC();
        OnStart?.Invoke(interrupt);
        var results = new List<LessonResult>();
        var written = new List<string>();
        var exit = ExitCodes.Ok;
        try
        {
            foreach (var (lesson, options) in plan)
            {
                var report = new RunReport(LessonsCommand.CreateReport(output), interrupt.Token);
                try
                {
                    report.Section($"{lesson.Title} (§{lesson.Sections}: d2l 0.17 / current) " +
                        $"on {active.Name} ({active.DeviceName})");
                    var context = new LessonContext(options, report, active);
                    if (learner is not null)
                    {
                        context = WorkbookRun.Prepare(lesson, context, learner);
                    }

                    var result = lesson.Run(context);
                    result["backend"] = active.Name;
                    result["device"] = active.DeviceName;
                    if (lesson.Datasets.Count > 0)
                    {
                        result["dataset"] = options.Dataset ?? lesson.Datasets[0];
                    }

                    results.Add(result);
                }
                catch (TrainingDivergedException e)
                {
                    error.WriteLine($"error: {lesson.Name}: {e.Message}");
                    results.Add(Failed(lesson, "diverged", e.Message));
                    exit = ExitCodes.Diverged;
                    return exit;
                }
                catch (OperationCanceledException) when (interrupt.Token.IsCancellationRequested)
                {
                    CtrlC.ShowCursor();
                    error.WriteLine($"interrupted: {lesson.Name} stopped by Ctrl-C; what it wrote so far is listed " +
                        "below (a training figure says in its title where it stopped).");
                    results.Add(Failed(lesson, "interrupted", "stopped by Ctrl-C"));
                    exit = ExitCodes.Interrupted;
                    return exit;
                }
                finally
                {
                    written.AddRange(report.Written);
                }
            }

            return exit;
        }
        finally
        {
            ListWritten(output, written);
            if (json)
            {
                output.WriteLine(JsonOutput.Serialize(results.Count == 1
                    ? results[0]
                    : new Dictionary<string, object> { ["lessons"] = results }));
            }
        }
    }

    private static LessonResult Failed(ILesson lesson, string status, string message) => new()
    {
        ["lesson"] = lesson.Name,
        ["status"] = status,
        ["error"] = message,
    };

    /// <summary>Lists the files the run wrote that exist now (a figure the run never reached is not listed).</summary>
    private static void ListWritten(TextWriter output, IEnumerable<string> written)
    {
        var files = written.Distinct().Where(File.Exists).ToList();
        output.WriteLine(files.Count == 0 ? "\nThis run wrote no files." : "\nThis run wrote:");
        foreach (var file in files)
        {
            output.WriteLine($"  {file}");
        }
    }
}
