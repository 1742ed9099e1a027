using System.CommandLine;
using Lessons.Cli;

namespace Lessons.Tests.Support;

/// <summary>Runs the <c>lessons</c> command in-process, as a user would type it.</summary>
public static class LessonsCli
{
    /// <summary>
    /// Runs <c>lessons <paramref name="args"/></c> and returns its exit code and everything it printed: the command's
    /// output and errors, and the lessons' story, which they write to the console.
    /// </summary>
    public static (int Exit, string Output) InvokeCapturingConsole(params string[] args)
    {
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            var exit = LessonsCommand.Build().Parse(args)
                .Invoke(new InvocationConfiguration { Output = output, Error = output });
            return (exit, output.ToString());
        }
        finally
        {
            Console.SetOut(console);
        }
    }
}
