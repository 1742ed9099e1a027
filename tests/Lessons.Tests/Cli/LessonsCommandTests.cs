using System.CommandLine;
using Lessons.Cli;

namespace Lessons.Tests.Cli;

/// <summary>The command line: lessons are listed, bad arguments get help and a non-zero exit, never a stack
/// trace.</summary>
[NonParallelizable]
public sealed class LessonsCommandTests
{
    private static (int Exit, string Output) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = output };
        var exit = LessonsCommand.Invoke(args, configuration);
        return (exit, output.ToString());
    }

    [Test]
    public void An_unknown_lesson_is_refused_with_the_valid_names()
    {
        var (exit, output) = Invoke("run", "no-such-lesson");

        exit.Should().NotBe(0);
        output.Should().Contain("no-such-lesson").And.Contain("softmax-scratch").And.NotContain("   at ");
    }

    [Test]
    public void A_malformed_option_value_is_refused()
    {
        var (exit, output) = Invoke("run", "linreg-scratch", "--epochs", "three");

        exit.Should().NotBe(0);
        output.Should().Contain("three").And.NotContain("   at ");
    }

    [Test]
    public void An_unknown_backend_is_refused_with_the_valid_ones()
    {
        var (exit, output) = Invoke("run", "linreg-scratch", "--backend", "cuda");

        exit.Should().NotBe(0);
        output.Should().Contain("Unknown backend 'cuda'").And.Contain("cpu, opencl").And.NotContain("   at ");
    }
}
