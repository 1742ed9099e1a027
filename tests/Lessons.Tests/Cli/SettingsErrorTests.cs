namespace Lessons.Tests.Cli;

/// <summary>
/// A settings error names where the setting came from — the lessons.json file and key with its 1-based line, the
/// LESSONS_BACKEND variable, or --backend — and an unknown key in lessons.json is reported with the nearest one.
/// </summary>
[NonParallelizable]
public sealed class SettingsErrorTests
{
    [Test]
    public void An_unknown_backend_from_the_option_names_the_option()
    {
        using var cli = new Cli();

        var (exit, _, error) = cli.Run("run", "linreg-scratch", "--backend", "cuda");

        exit.Should().Be(1);
        error.Should().Be("error: Unknown backend 'cuda', set by the option --backend. Valid backends: cpu, opencl."
            + Environment.NewLine);
    }

    [Test]
    public void An_unknown_backend_from_the_environment_names_the_variable()
    {
        using var cli = new Cli();
        cli.Set("LESSONS_BACKEND", "opencls");

        var (exit, _, error) = cli.Run("run", "linreg-scratch");

        exit.Should().Be(1);
        error.Should().Be("error: Unknown backend 'opencls', set by the environment variable LESSONS_BACKEND. " +
            "Did you mean 'opencl'? Valid backends: cpu, opencl." + Environment.NewLine);
        cli.Files().Should().BeEmpty();
    }

    [Test]
    public void An_unknown_backend_from_lessons_json_names_the_file_key_and_line()
    {
        using var cli = new Cli();
        File.WriteAllText(cli["lessons.json"], "{\n  // which backend\n  \"backend\": \"cuda\"\n}\n");

        var (exit, _, error) = cli.Run("run", "linreg-scratch");

        exit.Should().Be(1);
        error.Should().Be($"error: Unknown backend 'cuda', set by lessons.json ({cli["lessons.json"]}), key " +
            "\"backend\" on line 3. Valid backends: cpu, opencl." + Environment.NewLine);
    }

    [Test]
    public void A_misspelt_key_in_lessons_json_is_reported_with_the_nearest_key()
    {
        using var cli = new Cli();
        File.WriteAllText(cli["lessons.json"], "{\n  \"backnd\": \"opencl\"\n}\n");

        var (exit, _, error) = cli.Run("run", "linreg-scratch");

        exit.Should().Be(1);
        error.Should().Be($"error: Configuration file '{cli["lessons.json"]}', line 2: unknown key \"backnd\"; did " +
            "you mean \"backend\"? The keys are: backend, openCl, dataDir, offline." + Environment.NewLine);
    }

    [Test]
    public void A_misspelt_nested_key_names_its_section()
    {
        using var cli = new Cli();
        File.WriteAllText(cli["lessons.json"], "{ \"backend\": \"cpu\",\n  \"openCl\": {\n    \"devise\": \"0\" } }");

        var (exit, _, error) = cli.Run("info");

        exit.Should().Be(1);
        error.Should().Contain("line 3: unknown key \"openCl.devise\"; did you mean \"openCl.device\"? " +
            "The keys of \"openCl\" are: platform, device.");
    }

    [Test]
    public void A_syntax_error_in_lessons_json_has_a_one_based_line()
    {
        using var cli = new Cli();
        File.WriteAllText(cli["lessons.json"], "{\n  \"backend\": \"cpu\"\n  \"offline\": true\n}\n");

        var (exit, _, error) = cli.Run("run", "linreg-scratch");

        exit.Should().Be(1);
        error.Should().StartWith($"error: Configuration file '{cli["lessons.json"]}' is not valid JSON, line 3, " +
            "column 3: ").And.NotContain("LineNumber").And.NotContain("System.");
    }

    [Test]
    public void A_value_of_the_wrong_kind_names_the_key_not_a_dotnet_type()
    {
        using var cli = new Cli();
        File.WriteAllText(cli["lessons.json"], "{\n  \"offline\": \"yes\"\n}\n");

        var (exit, _, error) = cli.Run("run", "linreg-scratch");

        exit.Should().Be(1);
        error.Should().Contain("line 2").And.Contain("the value of \"offline\" is not of the kind that key takes")
            .And.Contain("true/false for \"offline\"").And.NotContain("System.");
    }
}
