using System.CommandLine;
using Lessons.Backends;
using Lessons.Benchmarks;
using Lessons.Configuration;

namespace Lessons.Cli;

/// <summary>
/// <c>lessons bench [--backend cpu|opencl|all] [--json]</c>: training-epoch, data and micro figures on each backend
/// (see <see cref="BenchRunner"/>); <c>--json</c> ends the output with one JSON object for scripts such as
/// <c>bench/compare-pytorch.sh</c>.
/// </summary>
public static class BenchCommand
{
    /// <summary>The value of <c>--backend</c> that measures every backend able to start.</summary>
    public const string All = "all";

    /// <summary>Builds the <c>bench</c> subcommand.</summary>
    public static Command Build()
    {
        var command = new Command("bench",
            "Measure training epochs, Fashion-MNIST decoding, matmul GFLOP/s and softmax + cross-entropy on each " +
            "backend (median of timed runs after a warm-up, with min and max).");
        var backend = new Option<string>("--backend")
        {
            Description = $"Backend: {string.Join(", ", Backend.Names)} or {All} (default: {All}, which skips a " +
                "backend that cannot start and says why).",
            DefaultValueFactory = _ => All,
        };
        backend.AcceptOnlyFromAmong([.. Backend.Names, All]);
        var json = new Option<bool>("--json") { Description = "Print one JSON object as the last line of output." };
        var runs = new Option<int?>("--epochs")
        {
            Description = "Timed training epochs per figure (default: 3, after 1 to 3 warm-up epochs).",
        };
        command.Options.Add(backend);
        command.Options.Add(json);
        command.Options.Add(runs);
        command.SetAction(LessonsCommand.Guarded(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var name = parse.GetValue(backend)!;
            var all = name == All;
            var settings = new BenchSettings();
            if (parse.GetValue(runs) is int epochs)
            {
                settings = settings with { EpochRuns = Math.Max(1, epochs) };
            }

            var config = LessonsConfig.Load();
            var result = BenchRunner.Run(all ? [.. Backend.Names] : [name], skipThoseThatCannotStart: all,
                n => Backend.Create(n, config), settings, output);
            if (parse.GetValue(json))
            {
                output.WriteLine(result.ToJsonLine());
            }
        }));
        return command;
    }
}
