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
    public static IReadOnlyList<StepResult> RunAll(StepTarget target, IEnumerable<StepCheck>? checks = null)
    {
        var results = new Dictionary<string, StepResult>();
        foreach (var check in checks ?? StepChecks.All)
        {
            results[check.Id] = Run(check, target, results);
        }

        return [.. results.Values];
    }

    /// <summary>
    /// Runs <paramref name="check"/> on <paramref name="target"/> and says where the step stands. When the step fails
    /// and a step it uses (<see cref="StepCheck.Uses"/>) fails its own check, the message says so first.
    /// </summary>
    public static StepResult Run(StepCheck check, StepTarget target) => Run(check, target, []);

    private static StepResult Run(StepCheck check, StepTarget target, Dictionary<string, StepResult> known)
    {
        var result = RunAlone(check, target);
        if (result.Status != StepStatus.Failing || check.Uses.Count == 0
            || result.Message?.Contains("does not compile", StringComparison.Ordinal) == true)
        {
            return result;
        }

        foreach (var used in check.Uses)
        {
            var id = $"{check.Lesson}.{used}";
            if (!known.TryGetValue(id, out var usedResult))
            {
                usedResult = RunAlone(StepChecks.Find(id), target);
                known[id] = usedResult;
            }

            if (usedResult.Status == StepStatus.Failing)
            {
                return result with
                {
                    Message = $"{check.Step} uses your {used}, which fails its own check: fix {used} first " +
                        $"(lessons check {id} says why). {check.Step}'s own check: {result.Message}",
                };
            }
        }

        return result;
    }

    /// <summary>Runs one check and nothing else.</summary>
    private static StepResult RunAlone(StepCheck check, StepTarget target)
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
            // Thrown by another step of the same lesson than the one checked: that one is the step to write first.
            var thrower = notImplemented.TargetSite?.Name;
            var helper = thrower is not null && thrower != check.Step && check.StepsType.GetMethod(thrower) is not null
                ? thrower
                : null;
            var message = helper is not null
                ? $"{check.Step} uses your {helper}, which is not started yet: write {helper} first. " +
                    $"{StepHints.NotStarted(check.Lesson, helper)}"
                : notImplemented.Message == DefaultNotImplementedMessage
                    ? StepHints.NotStarted(check.Lesson, check.Step)
                    : notImplemented.Message;
            return new StepResult(check, StepStatus.NotStarted, message, watch.Elapsed);
        }
        catch (StepCheckException e)
        {
            return new StepResult(check, StepStatus.Failing, e.Message, watch.Elapsed);
        }
        catch (WorkbookCompileException e)
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
