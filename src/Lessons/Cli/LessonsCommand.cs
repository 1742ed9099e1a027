using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Lessons.Backends;
using Lessons.Configuration;
using Lessons.Data;
using Lessons.Framework;
using Lessons.Steps;
using Spectre.Console;

namespace Lessons.Cli;

/// <summary>The <c>lessons</c> command line: list, info, run, bench, figures, progress.</summary>
public static class LessonsCommand
{
    /// <summary>Help wraps at this width, so every line fits an 80-column terminal.</summary>
    public const int HelpWidth = 80;

    /// <summary>Builds the root command with its subcommands.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("Lessons: chapter 3 of Dive into Deep Learning, in C#, on the CPU or OpenCL.");
        root.Subcommands.Add(ListCommand());
        root.Subcommands.Add(InfoCommand());
        var run = RunCommand.Create(out var symbols);
        root.Subcommands.Add(run);
        root.Subcommands.Add(BenchCommand.Build());
        root.Subcommands.Add(FiguresCommand());
        root.Subcommands.Add(ProgressCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(HintCommand.Create());

        foreach (var help in root.Options.OfType<HelpOption>())
        {
            if (help.Action is HelpAction inner)
            {
                inner.MaxWidth = HelpWidth;
                help.Action = new LessonHelpAction(inner, run, symbols);
            }
        }

        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>: what <c>Program</c> does. A parse error prints the error and a
    /// pointer to the help, not the whole help text.
    /// </summary>
    public static int Invoke(string[] args, InvocationConfiguration? configuration = null)
    {
        var parse = Build().Parse(args);
        if (parse.Action is ParseErrorAction errors)
        {
            errors.ShowHelp = false;
        }

        configuration ??= new InvocationConfiguration();
        var exit = parse.Invoke(configuration);
        if (parse.Action is ParseErrorAction)
        {
            var command = parse.CommandResult.Command;
            var path = command == parse.RootCommandResult.Command ? "lessons" : $"lessons {command.Name}";
            configuration.Error.WriteLine($"See '{path} --help'.");
        }

        return exit;
    }

    /// <summary>The <c>--backend</c> option.</summary>
    internal static Option<string?> BackendOption() => new("--backend")
    {
        Description = $"Backend: {string.Join(" or ", Backend.Names)} (default: LESSONS_BACKEND, then lessons.json).",
        HelpName = "name",
    };

    private static Command ListCommand()
    {
        var command = new Command("list", "List the lessons in reading order.");
        command.SetAction(Guarded(parse =>
        {
            // Columns as wide as their widest entry, so no row breaks them.
            var output = parse.InvocationConfiguration.Output;
            var nameWidth = LessonCatalog.All.Max(l => l.Name.Length) + 2;
            var sectionWidth = Math.Max("d2l 0.17 / current".Length, LessonCatalog.All.Max(l => l.Sections.Length)) + 2;
            output.WriteLine($"{"lesson".PadRight(nameWidth)}{"d2l 0.17 / current".PadRight(sectionWidth)}title");
            foreach (var lesson in LessonCatalog.All)
            {
                output.WriteLine($"{lesson.Name.PadRight(nameWidth)}{lesson.Sections.PadRight(sectionWidth)}" +
                    lesson.Title);
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
            var (chosen, source) = BackendChoice.Resolve(parse.GetValue(backend), config);
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

            using var active = BackendChoice.Create(parse.GetValue(backend), config);
            Console.WriteLine($"\nactive backend: {active.Name} ({active.DeviceName}), set by {source}");
            _ = chosen;
            var search = DataSearch.Default(DatasetSpec.FashionMnist, config: config);
            Console.WriteLine($"dataset: {DatasetLoader.Where(DatasetSpec.FashionMnist, search)}");
            var mnist = DataSearch.Default(DatasetSpec.Mnist, config: config);
            Console.WriteLine($"dataset: {DatasetLoader.Where(DatasetSpec.Mnist, mnist)}");
            var cifar = DataSearch.Default(Cifar10Spec.Cifar10, config: config);
            Console.WriteLine($"dataset: {Cifar10Loader.Where(Cifar10Spec.Cifar10, cifar)}");
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
            HelpName = "folder",
        };
        var backend = BackendOption();
        command.Options.Add(outDir);
        command.Options.Add(backend);
        command.SetAction(Guarded(parse =>
        {
            var config = LessonsConfig.Load();
            BackendChoice.Resolve(parse.GetValue(backend), config);
            OutputFolder.Check(parse.GetValue(outDir)!, "--out");
            using var active = BackendChoice.Create(parse.GetValue(backend), config);
            using var use = Backend.Use(active);
            foreach (var lesson in LessonCatalog.All)
            {
                var report = new PlainReport(parse.InvocationConfiguration.Output);
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
    internal static Func<ParseResult, int> Guarded(Action<ParseResult> action) => Guarded(parse =>
    {
        action(parse);
        return ExitCodes.Ok;
    });

    /// <summary>
    /// <see cref="Guarded(Action{ParseResult})"/> for an action that chooses its own exit code.
    /// </summary>
    internal static Func<ParseResult, int> Guarded(Func<ParseResult, int> action) => parse =>
    {
        try
        {
            return action(parse);
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("LESSONS_DEBUG") is not "1")
        {
            var error = parse.InvocationConfiguration.Error;
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.Error;
        }
    };

    /// <summary>Live, animated output on a terminal; plain lines when redirected, under CI, or when the output is
    /// not the console (a test's writer).</summary>
    internal static ILessonReport CreateReport(TextWriter output) =>
        output != Console.Out || Console.IsOutputRedirected
        || Environment.GetEnvironmentVariable("CI") is "true" or "1"
            ? new PlainReport(output)
            : new LiveReport(AnsiConsole.Console);
}
