namespace Lessons.Cli;

/// <summary>The exit codes of <c>lessons</c>, for scripts.</summary>
public static class ExitCodes
{
    /// <summary>Everything ran.</summary>
    public const int Ok = 0;

    /// <summary>A mistake in the command line, the settings or the data, or another failure; the message says
    /// which.</summary>
    public const int Error = 1;

    /// <summary>Training diverged (its loss became NaN or infinite); the figures show the run up to there.</summary>
    public const int Diverged = 3;

    /// <summary>Interrupted by Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
