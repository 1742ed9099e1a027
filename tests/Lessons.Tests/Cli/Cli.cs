using System.CommandLine;
using Lessons.Cli;

namespace Lessons.Tests.Cli;

/// <summary>
/// Drives the <c>lessons</c> command in-process, as a user at a shell would: in a fresh working folder (so the
/// default <c>out/</c> folders land there and nothing else is touched), with the environment a test sets, capturing
/// what it prints.
/// </summary>
internal sealed class Cli : IDisposable
{
    private readonly string previousDirectory = Directory.GetCurrentDirectory();
    private readonly Dictionary<string, string?> previousEnvironment = [];

    public Cli()
    {
        Folder = Directory.CreateTempSubdirectory("lessons-cli-").FullName;
        Directory.SetCurrentDirectory(Folder);
        // No lessons.json above a temp folder is expected; LESSONS_CONFIG would point elsewhere, so clear it.
        Set("LESSONS_CONFIG", null);
        Set("LESSONS_BACKEND", null);
        Set("CI", "true");
    }

    /// <summary>The working folder of the run.</summary>
    public string Folder { get; }

    /// <summary>A path in the working folder.</summary>
    public string this[string relative] => Path.Combine(Folder, relative);

    /// <summary>Sets an environment variable until the end of the test.</summary>
    public void Set(string name, string? value)
    {
        previousEnvironment.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }

    /// <summary>Runs <c>lessons</c> with <paramref name="args"/>: the exit code, standard output and standard
    /// error.</summary>
    public (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = LessonsCommand.Invoke(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Every file under the working folder, relative, sorted.</summary>
    public IReadOnlyList<string> Files() =>
    [
        .. Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal),
    ];

    public void Dispose()
    {
        Directory.SetCurrentDirectory(previousDirectory);
        foreach (var (name, value) in previousEnvironment)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        Directory.Delete(Folder, recursive: true);
    }
}
