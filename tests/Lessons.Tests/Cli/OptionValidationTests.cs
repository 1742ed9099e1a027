namespace Lessons.Tests.Cli;

/// <summary>
/// Every option is checked before any work starts: a bad value is refused with a message naming the option, the
/// accepted range and what was typed, exit code 1, no .NET type name, and nothing left on disk.
/// </summary>
[NonParallelizable]
public sealed class OptionValidationTests
{
    [TestCase("--epochs", "0", "--epochs must be a whole number ≥ 1, got 0.")]
    [TestCase("--epochs", "-1", "--epochs must be a whole number ≥ 1, got -1.")]
    [TestCase("--epochs", "abc", "--epochs must be a whole number ≥ 1, got abc.")]
    [TestCase("--epochs", "2.5", "--epochs must be a whole number ≥ 1, got 2.5.")]
    [TestCase("--epochs", "99999999999", "--epochs must be a whole number ≥ 1, got 99999999999.")]
    [TestCase("--batch-size", "0", "--batch-size must be a whole number ≥ 1, got 0.")]
    [TestCase("--lr", "-1",
        "--lr must be a finite number ≥ 0 (torch's optimizers refuse a negative learning rate), got -1.")]
    [TestCase("--lr", "nan",
        "--lr must be a finite number ≥ 0 (torch's optimizers refuse a negative learning rate), got nan.")]
    [TestCase("--lr", "inf",
        "--lr must be a finite number ≥ 0 (torch's optimizers refuse a negative learning rate), got inf.")]
    [TestCase("--lr", "1e400",
        "--lr must be a finite number ≥ 0 (torch's optimizers refuse a negative learning rate), got 1e400.")]
    [TestCase("--lr", "abc",
        "--lr must be a finite number ≥ 0 (torch's optimizers refuse a negative learning rate), got abc.")]
    [TestCase("--seed", "2147483648",
        "--seed must be a whole number from -2147483648 to 2147483647, got 2147483648.")]
    [TestCase("--seed", "x", "--seed must be a whole number from -2147483648 to 2147483647, got x.")]
    [TestCase("--out", "", "--out must name a folder, got an empty value.")]
    public void A_bad_value_is_refused_before_any_work_starts(string option, string value, string message)
    {
        using var cli = new Cli();

        var (exit, output, error) = cli.Run("run", "softmax-scratch", option, value, "--offline");

        exit.Should().Be(1);
        error.Should().Contain(message).And.Contain("See 'lessons run --help'.")
            .And.NotContain("System.").And.NotContain("   at ");
        output.Should().NotContain("Training", "nothing ran");
        cli.Files().Should().BeEmpty("a refused run leaves nothing on disk");
    }

    [Test]
    public void Out_pointing_at_a_file_is_refused_naming_out()
    {
        using var cli = new Cli();
        File.WriteAllText(cli["taken"], "a file");

        var (exit, _, error) = cli.Run("run", "linreg-scratch", "--out", "taken");

        exit.Should().Be(1);
        error.Should().Be("error: --out 'taken' is a file; it must be a folder (an existing one, or one that can " +
            "be created).\n".ReplaceLineEndings());
        cli.Files().Should().Equal("taken");
    }

    [Test]
    public void Out_under_a_file_is_refused_naming_the_file()
    {
        using var cli = new Cli();
        File.WriteAllText(cli["taken"], "a file");

        var (exit, _, error) = cli.Run("run", "linreg-scratch", "--out", "taken/figures");

        exit.Should().Be(1);
        error.Should().Contain($"--out 'taken/figures' lies under '{cli["taken"]}', which is a file");
        cli.Files().Should().Equal("taken");
    }

    [Test]
    public void Out_that_cannot_be_written_is_refused_before_training()
    {
        using var cli = new Cli();
        // /proc is never writable, not even by root (file permissions alone would not stop root).
        var (exit, output, error) = cli.Run("run", "linreg-scratch", "--out", "/proc/lessons-figures");

        exit.Should().Be(1);
        error.Should().StartWith("error: --out '/proc/lessons-figures' cannot be written")
            .And.Contain("Choose another folder with --out.");
        output.Should().NotContain("epoch", "the check comes before the first epoch");
    }

    [Test]
    public void A_lesson_name_is_matched_in_any_case_and_a_typo_gets_the_nearest_name()
    {
        using var cli = new Cli();

        var typo = cli.Run("run", "Softmax-Scrach");
        var cased = cli.Run("run", "LINREG-SCRATCH", "--epochs", "1");

        typo.Exit.Should().Be(1);
        typo.Error.Should().StartWith("Unknown lesson 'Softmax-Scrach'. Did you mean 'softmax-scratch'?")
            .And.Contain("or 'all' (see 'lessons list')");
        cased.Exit.Should().Be(0, cased.Error);
        cased.Output.Should().Contain("Linear regression from scratch");
    }

    [Test]
    public void A_parse_error_does_not_print_the_whole_help()
    {
        using var cli = new Cli();

        var (_, output, error) = cli.Run("run", "linreg-scratch", "--epochs", "three");

        (output + error).Should().NotContain("Options:").And.NotContain("Usage:");
    }
}
