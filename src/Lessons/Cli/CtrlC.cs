namespace Lessons.Cli;

/// <summary>
/// Ctrl-C during a run: the first press asks the lesson to stop at its next step (so the live display ends, the
/// cursor comes back and the figures say they are partial); a second press ends the process at once, after showing
/// the cursor again.
/// </summary>
public sealed class CtrlC : IDisposable
{
    private readonly CancellationTokenSource source = new();

    /// <summary>Starts listening for Ctrl-C.</summary>
    public CtrlC() => Console.CancelKeyPress += OnCancelKeyPress;

    /// <summary>Cancelled by the first Ctrl-C.</summary>
    public CancellationToken Token => source.Token;

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        source.Dispose();
    }

    /// <summary>Shows the cursor again (ANSI "ESC[?25h") when standard output is a terminal.</summary>
    public static void ShowCursor()
    {
        if (!Console.IsOutputRedirected)
        {
            Console.Out.Write("\u001b[?25h");
            Console.Out.Flush();
        }
    }

    /// <summary>What the first Ctrl-C does: asks the run to stop at its next step.</summary>
    internal void Interrupt() => source.Cancel();

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (source.IsCancellationRequested)
        {
            ShowCursor(); // the second press: leave now, but leave the terminal usable
            return;
        }

        e.Cancel = true;
        Interrupt();
    }
}
