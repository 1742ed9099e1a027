using System.CommandLine;
using System.Text.Json;
using Lessons.Backends;
using Lessons.Configuration;
using Lessons.Data;
using Lessons.Framework;
using Lessons.Steps;
using Spectre.Console;

namespace Lessons.Cli;

/// <summary>The <c>lessons</c> command line: list, info, run, bench.</summary>
public static class LessonsCommand
{
    /// <summary>Builds the root command with its subcommands.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("Lessons: chapter 3 of Dive into Deep Learning, in C#, on the CPU or OpenCL.");
        root.Subcommands.Add(ListCommand());
        root.Subcommands.Add(InfoCommand());
        root.Subcommands.Add(RunCommand());
        root.Subcommands.Add(BenchCommand.Build());
        root.Subcommands.Add(FiguresCommand());
        root.Subcommands.Add(ProgressCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(HintCommand.Create());
        return root;
    }

    private static Option<string?> BackendOption() => new("--backend")
    {
        Description = $"Backend: {string.Join(" or ", Backend.Names)} (default: lessons.json, then LESSONS_BACKEND).",
    };

    private static Command ListCommand()
    {
        var command = new Command("list", "List the lessons in reading order.");
        command.SetAction(Guarded(_ =>
        {
            foreach (var lesson in LessonCatalog.All)
            {
                Console.WriteLine($"{lesson.Name,-20} {lesson.Sections,-10} {lesson.Title}");
            }
        }));
        return command;
    }

    private static Command InfoCommand()
    {
        var command = new Command("info", "Show the configuration and the active backend.");
        var backend = BackendOption();
        command.Options.Add(backend);
        command.SetAction(Guarded(parse =>
        {
            var config = LessonsConfig.Load();
            Console.WriteLine($"configuration: {config.Source ?? "(built-in defaults; no lessons.json found)"}");
            Console.WriteLine($"backend setting: {config.EffectiveBackend} (lessons.json, then LESSONS_BACKEND)");
            foreach (var name in Backend.Names)
            {
                Console.WriteLine($"\n[{name}]");
                try
                {
                    using var candidate = Backend.Create(name, config);
                    Console.WriteLine(candidate.Describe());
                }
                catch (Exception e)
                {
                    Console.WriteLine($"not available: {e.Message}");
                }
            }

            using var active = CreateBackend(parse.GetValue(backend), config);
            Console.WriteLine($"\nactive backend: {active.Name} ({active.DeviceName})");
            var search = DataSearch.Default(DatasetSpec.FashionMnist, config: config);
            Console.WriteLine($"dataset: {DatasetLoader.Where(DatasetSpec.FashionMnist, search)}");
        }));
        return command;
    }

    private static Command RunCommand()
    {
        var command = new Command("run", "Run a lesson ('all' runs every lesson in order).");
        var lesson = new Argument<string>("lesson") { Description = "Lesson name (see 'lessons list'), or 'all'." };
        lesson.AcceptOnlyFromAmong([.. LessonCatalog.All.Select(l => l.Name), "all"]);
        var backend = BackendOption();
        var epochs = new Option<int?>("--epochs") { Description = "Number of epochs (default: the book's)." };
        var batchSize = new Option<int?>("--batch-size") { Description = "Minibatch size (default: the book's)." };
        var lr = new Option<double[]?>("--lr")
        {
            Description = "Learning rate (default: the book's); several, comma-separated, for a sweep of " +
                "linreg-scratch (--lr 0.003,0.03,0.3).",
            CustomParser = ParseRates,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of every random draw." };
        var quick = new Option<bool>("--quick") { Description = "Reduced sizes: every lesson in seconds (for CI)." };
        var outDir = new Option<string?>("--out") { Description = "Folder for figures (default: out/<lesson>/)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last line of output." };
        var offline = new Option<bool>("--offline") { Description = "Never download a dataset." };
        var workbook = new Option<bool>("--workbook")
        {
            Description = "Train with your workbook's steps (src/Lessons/Workbook/) in place of the reference's; a " +
                "step not started uses the reference (also: LESSONS_TARGET=workbook).",
        };
        command.Arguments.Add(lesson);
        foreach (var option in new Option[]
            { backend, epochs, batchSize, lr, seed, quick, outDir, json, offline, workbook })
        {
            command.Options.Add(option);
        }

        command.SetAction(Guarded(parse =>
        {
            using var active = CreateBackend(parse.GetValue(backend), LessonsConfig.Load());
            using var use = Backend.Use(active);
            var name = parse.GetValue(lesson)!;
            var lessons = name == "all" ? LessonCatalog.All : [LessonCatalog.Find(name)!];
            var learner = parse.GetValue(workbook) || StepTarget.FromEnvironmentName() == "workbook"
                ? StepTarget.Workbook
                : null;
            var results = new List<LessonResult>();
            foreach (var selected in lessons)
            {
                // With 'all', each lesson writes into its own subfolder of --out.
                var outFolder = parse.GetValue(outDir) is { } dir && lessons.Count > 1
                    ? Path.Combine(dir, selected.Name)
                    : parse.GetValue(outDir);
                var rates = parse.GetValue(lr);
                if (rates is { Length: > 1 } && selected.Name != "linreg-scratch")
                {
                    throw new ArgumentException($"--lr {string.Join(",", rates)}: several learning rates make a " +
                        $"sweep, which linreg-scratch draws; {selected.Name} takes one.");
                }

                var options = new LessonOptions(parse.GetValue(epochs), parse.GetValue(batchSize),
                    rates is { Length: > 0 } ? rates[0] : null,
                    parse.GetValue(seed), parse.GetValue(quick), outFolder, parse.GetValue(offline),
                    rates is { Length: > 1 } ? rates : null);
                var report = CreateReport();
                var where = $"on {active.Name} ({active.DeviceName})";
                report.Section($"{selected.Title} (§{selected.Sections}: d2l 0.17 / current) {where}");
                var context = new LessonContext(options, report, active);
                if (learner is not null)
                {
                    context = WorkbookRun.Prepare(selected, context, learner);
                }

                var result = selected.Run(context);
                result["backend"] = active.Name;
                result["device"] = active.DeviceName;
                results.Add(result);
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(results.Count == 1
                    ? JsonSerializer.Serialize(results[0])
                    : JsonSerializer.Serialize(new Dictionary<string, object> { ["lessons"] = results }));
            }
        }));
        return command;
    }

    private static Command FiguresCommand()
    {
        var command = new Command(
            "figures", "Regenerate every figure the docs use (runs each lesson with the book's settings).");
        var outDir = new Option<string>("--out")
        {
            Description = "Folder to write into, one subfolder per lesson.",
            DefaultValueFactory = _ => "docs/figures",
        };
        var backend = BackendOption();
        command.Options.Add(outDir);
        command.Options.Add(backend);
        command.SetAction(Guarded(parse =>
        {
            using var active = CreateBackend(parse.GetValue(backend), LessonsConfig.Load());
            using var use = Backend.Use(active);
            foreach (var lesson in LessonCatalog.All)
            {
                var report = new PlainReport(Console.Out);
                report.Section($"{lesson.Title} ({lesson.Sections})");
                var options = new LessonOptions(OutDir: Path.Combine(parse.GetValue(outDir)!, lesson.Name));
                lesson.Run(new LessonContext(options, report, active));
            }
        }));
        return command;
    }

    /// <summary>
    /// Runs an action so that a failure the user can fix (a missing dataset, an unknown backend, no OpenCL platform)
    /// is one line on standard error and exit code 1, not a stack trace. LESSONS_DEBUG=1 shows the trace.
    /// </summary>
    internal static Func<ParseResult, int> Guarded(Action<ParseResult> action) => parse =>
    {
        try
        {
            action(parse);
            return 0;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("LESSONS_DEBUG") is not "1")
        {
            var error = parse.InvocationConfiguration.Error;
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    };

    /// <summary><c>--lr</c>: one learning rate, or several separated by commas; each a positive number.</summary>
    private static double[]? ParseRates(System.CommandLine.Parsing.ArgumentResult result)
    {
        var rates = new List<double>();
        foreach (var text in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries)))
        {
            var parsed = double.TryParse(text, System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var rate);
            if (!parsed || !(rate > 0) || !double.IsFinite(rate))
            {
                result.AddError($"--lr: '{text}' is not a learning rate; expected a positive number such as 0.03, or " +
                    "several separated by commas (0.003,0.03,0.3).");
                return null;
            }

            rates.Add(rate);
        }

        return rates.Count > 0 ? [.. rates] : null;
    }

    /// <summary>Live, animated output on a terminal; plain lines when redirected or under CI.</summary>
    private static ILessonReport CreateReport() =>
        Console.IsOutputRedirected || Environment.GetEnvironmentVariable("CI") is "true" or "1"
            ? new PlainReport(Console.Out)
            : new LiveReport(AnsiConsole.Console);

    /// <summary>The backend the command line names, else the configured one.</summary>
    private static IBackend CreateBackend(string? name, LessonsConfig config) =>
        name is null ? Backend.Create(config) : Backend.Create(name, config);
}
