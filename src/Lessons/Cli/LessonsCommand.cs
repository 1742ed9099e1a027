using System.CommandLine;
using System.Globalization;
using Lessons.Backends;
using Lessons.Chapter3;
using Lessons.Configuration;

namespace Lessons.Cli;

/// <summary>The <c>lessons</c> command line: list, info, run, bench.</summary>
public static class LessonsCommand
{
    /// <summary>The lessons the command can run, by their command-line names.</summary>
    public static readonly IReadOnlyDictionary<string, string> Lessons = new Dictionary<string, string>
    {
        ["linreg-scratch"] = "Linear regression from scratch (d2l 0.17 §3.2 / current §3.4)",
    };

    /// <summary>Builds the root command with its subcommands.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("Lessons: chapter 3 of Dive into Deep Learning, in C#, on the CPU or OpenCL.");
        root.Subcommands.Add(ListCommand());
        root.Subcommands.Add(InfoCommand());
        root.Subcommands.Add(RunCommand());
        root.Subcommands.Add(BenchCommand());
        return root;
    }

    private static Option<string?> BackendOption() => new("--backend")
    {
        Description = $"Backend to run on: {string.Join(" or ", Backend.Names)} (default: lessons.json, then LESSONS_BACKEND).",
    };

    private static Command ListCommand()
    {
        var command = new Command("list", "List the lessons.");
        command.SetAction(_ =>
        {
            foreach (var (name, title) in Lessons)
            {
                Console.WriteLine($"{name,-20} {title}");
            }
        });
        return command;
    }

    private static Command InfoCommand()
    {
        var command = new Command("info", "Show the configuration and the active backend.");
        var backend = BackendOption();
        command.Options.Add(backend);
        command.SetAction(parse =>
        {
            var config = LessonsConfig.Load();
            Console.WriteLine($"configuration: {config.Source ?? "(built-in defaults; no lessons.json found)"}");
            using var active = CreateBackend(parse.GetValue(backend), config);
            Console.WriteLine(active.Describe());
        });
        return command;
    }

    private static Command RunCommand()
    {
        var command = new Command("run", "Run a lesson.");
        var lesson = new Argument<string>("lesson") { Description = "Lesson name (see 'lessons list')." };
        lesson.AcceptOnlyFromAmong([.. Lessons.Keys]);
        var backend = BackendOption();
        var epochs = new Option<int?>("--epochs") { Description = "Number of epochs." };
        var batchSize = new Option<int?>("--batch-size") { Description = "Minibatch size." };
        var lr = new Option<double?>("--lr") { Description = "Learning rate." };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last line." };
        command.Arguments.Add(lesson);
        command.Options.Add(backend);
        command.Options.Add(epochs);
        command.Options.Add(batchSize);
        command.Options.Add(lr);
        command.Options.Add(seed);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            using var active = CreateBackend(parse.GetValue(backend), LessonsConfig.Load());
            using var use = Backend.Use(active);
            var defaults = new LinearRegressionOptions();
            var options = defaults with
            {
                NumEpochs = parse.GetValue(epochs) ?? defaults.NumEpochs,
                BatchSize = parse.GetValue(batchSize) ?? defaults.BatchSize,
                Lr = parse.GetValue(lr) ?? defaults.Lr,
                Seed = parse.GetValue(seed),
            };
            Console.WriteLine($"{Lessons["linreg-scratch"]} on {active.Name} ({active.DeviceName})");
            var started = System.Diagnostics.Stopwatch.StartNew();
            var result = LinearRegressionScratch.Train(options, (epoch, loss) =>
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}, loss {loss:F6}")));
            var seconds = started.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"error in estimating w: [{string.Join(", ", result.W.Zip(LinearRegressionScratch.TrueW, (l, t) => (t - l).ToString("G4", CultureInfo.InvariantCulture)))}]"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"error in estimating b: {LinearRegressionScratch.TrueB - result.B:G4}"));
            if (parse.GetValue(json))
            {
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["lesson"] = "linreg-scratch",
                    ["backend"] = active.Name,
                    ["device"] = active.DeviceName,
                    ["epochs"] = options.NumEpochs,
                    ["seconds_per_epoch"] = seconds / options.NumEpochs,
                    ["loss"] = result.EpochLosses[^1],
                    ["w_error"] = result.WError,
                    ["b_error"] = result.BError,
                }));
            }
        });
        return command;
    }

    private static Command BenchCommand()
    {
        var command = new Command("bench", "Measure float32 matmul GFLOP/s on a backend (median of timed runs).");
        var backend = BackendOption();
        command.Options.Add(backend);
        command.SetAction(parse =>
        {
            using var active = CreateBackend(parse.GetValue(backend), LessonsConfig.Load());
            Console.WriteLine($"backend: {active.Name} ({active.DeviceName})");
            foreach (var figure in MatMulBenchmark.Run(active))
            {
                Console.WriteLine(figure);
            }
        });
        return command;
    }

    /// <summary>The backend the command line names, else the configured one.</summary>
    private static IBackend CreateBackend(string? name, LessonsConfig config) =>
        name is null ? Backend.Create(config) : Backend.Create(name, config);
}
