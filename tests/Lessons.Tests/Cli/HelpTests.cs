namespace Lessons.Tests.Cli;

/// <summary>The help fits 80 columns, and `run &lt;lesson&gt; --help` is about that lesson, with numbers.</summary>
[NonParallelizable]
public sealed class HelpTests
{
    [Test]
    public void Every_line_of_the_top_level_help_fits_80_columns()
    {
        using var cli = new Cli();

        var (exit, output, _) = cli.Run("--help");

        exit.Should().Be(0);
        output.Should().Contain("run <lesson>");
        output.Split('\n').Should().OnlyContain(line => line.TrimEnd().Length <= 80);
    }

    [Test]
    public void Run_help_for_a_lesson_states_its_default_numbers()
    {
        using var cli = new Cli();

        var general = cli.Run("run", "--help").Output;
        var mlp = cli.Run("run", "mlp", "--help").Output;
        var scratch = cli.Run("run", "Softmax-Scratch", "--help").Output;
        var losses = cli.Run("run", "losses", "--help").Output;

        mlp.Should().NotBe(general);
        Flat(mlp).Should().Contain("Run 'mlp': Back-propagation")
            .And.Contain("(default: d2l's MLP 10 (2 with --quick); the notes' MLP 5 (1 with --quick))")
            .And.Contain("(default: d2l's MLP 0.1; the notes' MLP 0.001)")
            .And.Contain("(default: d2l's MLP 256; the notes' MLP 64)");
        Flat(scratch).Should().Contain("(default: 10 (2 with --quick))").And.Contain("(default: 0.1)")
            .And.Contain("(default: 256)").And.Contain("out/quick/softmax-scratch/");
        Flat(losses).Should().Contain("(not used by this lesson)");
        Flat(general).Should().Contain("(default: the lesson's; see 'lessons run <lesson> --help')");
    }

    [Test]
    public void List_keeps_its_columns_on_every_row()
    {
        using var cli = new Cli();

        var rows = cli.Run("list").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var titleColumn = rows[0].IndexOf("title", StringComparison.Ordinal);
        rows.Skip(1).Should().HaveCount(Lessons.Framework.LessonCatalog.All.Count)
            .And.OnlyContain(row => row[titleColumn - 1] == ' ' && row[titleColumn] != ' ');
    }

    // Help wraps descriptions over several lines; join them to look for a phrase.
    private static string Flat(string help) =>
        System.Text.RegularExpressions.Regex.Replace(help, @"\s+", " ");
}
