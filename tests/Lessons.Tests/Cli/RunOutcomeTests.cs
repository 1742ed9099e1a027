using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;

namespace Lessons.Tests.Cli;

/// <summary>
/// What a run leaves: diverging training stops with a message and exit code 3 and keeps its figure up to there;
/// --json never crashes on NaN; quick runs write to out/quick/&lt;lesson&gt;/ and never over a full run; the files
/// listed at the end are the ones that exist; every chart shows every series it names.
/// </summary>
[NonParallelizable]
public sealed class RunOutcomeTests
{
    [Test]
    public void A_diverging_run_stops_naming_epoch_value_and_cause_and_keeps_its_figure()
    {
        using var cli = new Cli();

        var (exit, output, error) = cli.Run("run", "softmax-scratch", "--quick", "--lr", "10", "--offline");

        exit.Should().Be(3);
        error.Should().Be("error: softmax-scratch: training diverged in epoch 1: the train loss is NaN. Once a loss " +
            "is not a number every later step is not one either, so the run stops here: the learning rate --lr 10 " +
            "is likely too large for this model; try a smaller one, such as --lr 1; the book's softmax overflows " +
            "once a logit passes ~88 (exp is inf in float32), which large steps reach quickly." + Environment.NewLine);
        cli.Files().Should().Equal("out/quick/softmax-scratch/train.svg");
        output.Should().EndWith($"This run wrote:{Environment.NewLine}  out/quick/softmax-scratch/train.svg" +
            Environment.NewLine);
        var chart = XDocument.Load(cli["out/quick/softmax-scratch/train.svg"]);
        ChartReading.Title(chart).Should().EndWith("(diverged in epoch 1)");
        ChartReading.Series(chart).Should().OnlyContain(s => ChartReading.IsVisible(chart, s));
        chart.Descendants().Should().Contain(e => (string?)e.Attribute("data-value") == "NaN",
            "the NaN loss is marked, not dropped");
    }

    [Test]
    public void Json_writes_a_diverged_run_without_crashing()
    {
        using var cli = new Cli();

        var (exit, output, _) = cli.Run("run", "linreg-scratch", "--lr", "10", "--json");

        exit.Should().Be(3);
        var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]).RootElement;
        json.GetProperty("lesson").GetString().Should().Be("linreg-scratch");
        json.GetProperty("status").GetString().Should().Be("diverged");
        json.GetProperty("error").GetString().Should().Contain("training diverged in epoch 1");
    }

    [Test]
    public void Json_writes_non_finite_values_as_null()
    {
        var line = Lessons.Cli.JsonOutput.Serialize(new Dictionary<string, object>
        {
            ["nan"] = double.NaN,
            ["inf"] = double.PositiveInfinity,
            ["f"] = float.NegativeInfinity,
            ["ok"] = 0.5,
        });

        line.Should().Be("""{"nan":null,"inf":null,"f":null,"ok":0.5}""");
    }

    [Test]
    public void A_quick_run_after_a_full_run_leaves_the_full_runs_files_byte_identical()
    {
        using var cli = new Cli();
        // A full run of softmax-scratch (one epoch: the test is about where files go, not about the recipe).
        var full = cli.Run("run", "softmax-scratch", "--epochs", "1", "--offline");
        full.Exit.Should().Be(0, full.Error);
        var before = Hashes(cli, "out/softmax-scratch");
        before.Keys.Should().BeEquivalentTo("train.svg", "predictions.svg");

        var quick = cli.Run("run", "all", "--quick", "--offline");

        quick.Exit.Should().Be(0, quick.Error);
        Hashes(cli, "out/softmax-scratch").Should().Equal(before);
        cli.Files().Where(f => !f.StartsWith("out/softmax-scratch/", StringComparison.Ordinal))
            .Should().OnlyContain(f => f.StartsWith("out/quick/", StringComparison.Ordinal));
        var listed = quick.Output.Split("This run wrote:")[1].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        listed.Should().Contain("out/quick/softmax-scratch/train.svg").And.OnlyContain(f => File.Exists(cli[f]));
        cli.Files().Where(f => f.StartsWith("out/quick/", StringComparison.Ordinal)).Should().BeEquivalentTo(listed);
    }

    [TestCase(new[] { "run", "mlp", "--quick" },
        new[] { "out/quick/mlp/train-d2l.svg", "out/quick/mlp/train-notes.svg" })]
    [TestCase(new[] { "run", "softmax-scratch", "--epochs", "1" }, new[] { "out/softmax-scratch/train.svg" })]
    [TestCase(new[] { "run", "softmax-scratch", "--lr", "10" }, new[] { "out/softmax-scratch/train.svg" })]
    public void Every_legend_entry_of_a_training_chart_has_visible_points(string[] args, string[] charts)
    {
        using var cli = new Cli();

        cli.Run([.. args, "--offline"]);

        foreach (var path in charts)
        {
            var chart = XDocument.Load(cli[path]);
            var series = ChartReading.Series(chart);
            series.Should().Equal("train loss", "train acc", "test acc");
            series.Where(s => !ChartReading.IsVisible(chart, s)).Should().BeEmpty($"every series of {path} is seen");
            ChartReading.Title(chart).Should().NotBeEmpty();
            ChartReading.YLabels(chart).Should().Contain("loss / accuracy");
        }
    }

    private static Dictionary<string, string> Hashes(Cli cli, string folder) =>
        Directory.EnumerateFiles(cli[folder]).ToDictionary(f => Path.GetFileName(f),
            f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
