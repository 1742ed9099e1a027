using Lessons.Backends;
using Lessons.Configuration;

namespace Lessons.Cli;

/// <summary>
/// Which backend a command uses and who chose it: <c>--backend</c>, else <c>LESSONS_BACKEND</c>, else
/// <c>lessons.json</c>, else the built-in default. An unknown name is refused naming the place it came from.
/// </summary>
public static class BackendChoice
{
    /// <summary>The chosen backend's name and the place that chose it, in the user's words.</summary>
    public static (string Name, string Source) Resolve(string? option, LessonsConfig config)
    {
        var (name, source) = option is not null ? (option, "the option --backend") : (config.EffectiveBackend,
            config.BackendSource);
        var known = Backend.Names.FirstOrDefault(n => n.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            var nearest = NearestName.Find(name.Trim(), Backend.Names);
            throw new UserError($"Unknown backend '{name}', set by {source}." +
                (nearest is null ? "" : $" Did you mean '{nearest}'?") +
                $" Valid backends: {string.Join(", ", Backend.Names)}.");
        }

        return (known, source);
    }

    /// <summary>Creates the chosen backend; one that cannot start says why, and who chose it.</summary>
    public static IBackend Create(string? option, LessonsConfig config)
    {
        var (name, source) = Resolve(option, config);
        try
        {
            return Backend.Create(name, config);
        }
        catch (Exception e) when (e is not UserError && Environment.GetEnvironmentVariable("LESSONS_DEBUG") is not "1")
        {
            throw new UserError($"{e.Message.TrimEnd()} (backend '{name}', set by {source})");
        }
    }
}
