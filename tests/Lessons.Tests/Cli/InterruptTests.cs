using System.Xml.Linq;
using Lessons.Chapter3;
using Lessons.Cli;
using Lessons.Framework;
using Lessons.Tests.Support;

namespace Lessons.Tests.Cli;

/// <summary>Ctrl-C: the run says it was interrupted and what it saved, exits 130, and a training figure it leaves
/// says in its title that it is partial.</summary>
[NonParallelizable]
public sealed class InterruptTests
{
    [TearDown]
    public void NoMoreCtrlC() => RunCommand.OnStart = null;

    [Test]
    public void An_interrupted_run_says_so_and_what_it_saved()
    {
        using var cli = new Cli();
        RunCommand.OnStart = ctrlC => ctrlC.Interrupt();

        var (exit, output, error) = cli.Run("run", "linreg-scratch", "--json");

        exit.Should().Be(130);
        error.Should().StartWith("interrupted: linreg-scratch stopped by Ctrl-C; what it wrote so far is listed below");
        output.Should().Contain("This run wrote no files.");
        output.TrimEnd().Split('\n')[^1].Should().Contain("\"status\":\"interrupted\"");
        cli.Files().Should().BeEmpty();
    }

    [Test]
    public void A_training_figure_left_by_an_interrupted_run_says_so_in_its_title()
    {
        using var cli = new Cli();
        using var backend = Lessons.Backends.Backend.Create("cpu");
        var report = new StoppingReport(stopInEpoch: 2);
        var context = new LessonContext(new LessonOptions(Epochs: 3, Quick: true, Offline: true), report, backend);
        using var use = Lessons.Backends.Backend.Use(backend);

        var act = () => new SoftmaxRegressionScratch().Run(context);

        act.Should().Throw<OperationCanceledException>();
        var chart = XDocument.Load(cli["out/quick/softmax-scratch/train.svg"]);
        ChartReading.Title(chart).Should().EndWith("(interrupted in epoch 2 of 3)");
        report.Inner.Figures.Keys.Should().Equal(Path.Combine("out", "quick", "softmax-scratch", "train.svg"));
        chart.Descendants().Where(e => e.Name.LocalName == "polyline")
            .Should().OnlyContain(l => l.Attribute("points")!.Value.Length > 0, "epoch 1 is drawn");
    }

    /// <summary>A report whose progress throws as Ctrl-C does, at the first batch of a given epoch.</summary>
    private sealed class StoppingReport(int stopInEpoch) : ILessonReport
    {
        public RecordingReport Inner { get; } = new();

        public void Say(string text) => Inner.Say(text);

        public void Section(string title) => Inner.Section(title);

        public void Value(string name, double value, string? note = null) => Inner.Value(name, value, note);

        public void Figure(string path, string description) => Inner.Figure(path, description);

        public ITrainingProgress StartTraining(int epochs, int examplesPerEpoch) => new Progress(stopInEpoch);

        private sealed class Progress(int stopInEpoch) : ITrainingProgress
        {
            private int epoch = 1;

            public void Advance(int examples)
            {
                if (epoch == stopInEpoch)
                {
                    throw new OperationCanceledException();
                }
            }

            public void EndEpoch(int finished, IReadOnlyDictionary<string, double> metrics) => epoch = finished + 1;

            public void Dispose()
            {
            }
        }
    }
}
