using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Lessons.Framework;

/// <summary>
/// The lesson's story on an interactive terminal: rules for sections, and during training a live view with a
/// progress bar for the epoch (examples/s, time left) above a table that grows by one row per epoch.
/// </summary>
public sealed class LiveReport(IAnsiConsole console) : ILessonReport
{
    /// <inheritdoc/>
    public void Say(string text) => console.WriteLine(text);

    /// <inheritdoc/>
    public void Section(string title) => console.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());

    /// <inheritdoc/>
    public void Value(string name, double value, string? note = null) =>
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{Markup.Escape(name)}: [bold]{value:G6}[/]")
            + (note is null ? "" : $"  [yellow]{Markup.Escape(note)}[/]"));

    /// <inheritdoc/>
    public void Figure(string path, string description) =>
        console.MarkupLine($"wrote [link]{Markup.Escape(path)}[/]: {Markup.Escape(description)}");

    /// <inheritdoc/>
    public ITrainingProgress StartTraining(int epochs, int examplesPerEpoch) =>
        new Progress(console, epochs, examplesPerEpoch);

    /// <summary>Shared between the lesson's thread (which counts) and the render loop (which draws).</summary>
    private sealed class Progress : ITrainingProgress
    {
        private readonly object gate = new();
        private readonly Table table = new Table().Border(TableBorder.Rounded).AddColumn("epoch");
        private readonly Stopwatch epochWatch = Stopwatch.StartNew();
        private readonly CancellationTokenSource stop = new();
        private readonly Task rendering;
        private readonly int epochs;
        private readonly int examplesPerEpoch;
        private int epoch = 1;
        private long examples;

        public Progress(IAnsiConsole console, int epochs, int examplesPerEpoch)
        {
            this.epochs = epochs;
            this.examplesPerEpoch = examplesPerEpoch;
            rendering = console.Live(Render()).StartAsync(async live =>
            {
                while (!stop.IsCancellationRequested)
                {
                    live.UpdateTarget(Render());
                    await Task.Delay(100).ConfigureAwait(false);
                }

                live.UpdateTarget(Render());
            });
        }

        public void Advance(int count)
        {
            lock (gate)
            {
                examples += count;
            }
        }

        public void EndEpoch(int finished, IReadOnlyDictionary<string, double> metrics)
        {
            lock (gate)
            {
                if (table.Columns.Count == 1)
                {
                    foreach (var name in metrics.Keys)
                    {
                        table.AddColumn(new TableColumn(name).RightAligned());
                    }
                }

                table.AddRow([finished.ToString(CultureInfo.InvariantCulture),
                    .. metrics.Values.Select(v => v.ToString("F4", CultureInfo.InvariantCulture))]);
                epoch = finished + 1;
                examples = 0;
                epochWatch.Restart();
            }
        }

        public void Dispose()
        {
            stop.Cancel();
            rendering.GetAwaiter().GetResult();
            stop.Dispose();
        }

        private IRenderable Render()
        {
            lock (gate)
            {
                if (epoch > epochs)
                {
                    return table;
                }

                var seconds = Math.Max(epochWatch.Elapsed.TotalSeconds, 1e-9);
                var fraction = Math.Min(1, examples / (double)Math.Max(1, examplesPerEpoch));
                var rate = examples / seconds;
                // Before the first batch has finished there is no rate yet: say so rather than "NaN s left".
                var left = rate > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"{(examplesPerEpoch - examples) / rate:F1} s left")
                    : "estimating time left";
                const int width = 30;
                var filled = (int)(fraction * width);
                var bar = new string('━', filled) + new string('─', width - filled);
                var detail = fraction >= 1
                    ? "evaluating on the test set"
                    : string.Create(CultureInfo.InvariantCulture,
                        $"{fraction:P0}  {rate:N0} examples/s  {left}");
                var status = $"epoch {epoch}/{epochs} [green]{bar}[/] {detail}";
                return new Rows(new Markup(status), table);
            }
        }
    }
}
