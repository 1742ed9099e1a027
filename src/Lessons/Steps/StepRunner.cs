using System.Diagnostics;
using Lessons.Steps.Checks;

namespace Lessons.Steps;

/// <summary>Where a learner stands on one step.</summary>
public enum StepStatus
{
    /// <summary>The step's check passes.</summary>
    Done,

    /// <summary>The step is written but its check fails; the result's message says why.</summary>
    Failing,

    /// <summary>The step still throws <see cref="NotImplementedException"/>; the message is its hint.</summary>
    NotStarted,
}

/// <summary>The outcome of one check on one target.</summary>
/// <param name="Check">The check that ran.</param>
/// <param name="Status">Done, failing or not started.</param>
/// <param name="Message">Failing: the first assertion's message; not started: the hint; done: null.</param>
/// <param name="Elapsed">How long the check ran.</param>
public sealed record StepResult(StepCheck Check, StepStatus Status, string? Message, TimeSpan Elapsed);

/// <summary>
/// Runs step checks against a <see cref="StepTarget"/>: a check that returns is done; a check that throws
/// <see cref="NotImplementedException"/> anywhere inside (the stub, or a helper it calls) is not started, with the
/// stub's hint; any other exception is failing, with its message — the first assertion that did not hold.
/// </summary>
public static class StepRunner
{
    private static readonly string DefaultNotImplementedMessage = new NotImplementedException().Message;

    /// <summary>Runs every check of <paramref name="checks"/> (all of them by default) on
    /// <paramref name="target"/>, in the order of the learning path.</summary>
    public static IReadOnlyList<StepResult> RunAll(StepTarget target, IEnumerable<StepCheck>? checks = null) =>
        [.. (checks ?? StepChecks.All).Select(check => Run(check, target))];

    /// <summary>Runs <paramref name="check"/> on <paramref name="target"/> and says where the step stands.</summary>
    public static StepResult Run(StepCheck check, StepTarget target)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using (Tensor.Scope())
            {
                check.Run(target);
            }

            return new StepResult(check, StepStatus.Done, null, watch.Elapsed);
        }
        catch (Exception e) when (FindNotImplemented(e) is { } notImplemented)
        {
            var hint = notImplemented.Message == DefaultNotImplementedMessage
                ? check.Description
                : notImplemented.Message;
            return new StepResult(check, StepStatus.NotStarted, hint, watch.Elapsed);
        }
        catch (StepCheckException e)
        {
            return new StepResult(check, StepStatus.Failing, e.Message, watch.Elapsed);
        }
        catch (Exception e)
        {
            // The step itself threw (a shape mismatch, a null gradient…): that is the first thing to fix.
            return new StepResult(check, StepStatus.Failing, $"{check.Step} threw {e.GetType().Name}: {e.Message}",
                watch.Elapsed);
        }
    }

    /// <summary>The <see cref="NotImplementedException"/> in <paramref name="e"/> or its inner exceptions.</summary>
    private static NotImplementedException? FindNotImplemented(Exception? e) => e switch
    {
        null => null,
        NotImplementedException n => n,
        AggregateException a => a.InnerExceptions.Select(FindNotImplemented).FirstOrDefault(n => n is not null),
        _ => FindNotImplemented(e.InnerException),
    };
}
