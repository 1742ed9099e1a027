namespace Lessons.Steps.Checks;

/// <summary>
/// A step check's assertion failed: the message names what was computed, what was expected and what came out, so
/// the learner can read it without a debugger. Thrown by <see cref="Expect"/>; reported by
/// <see cref="StepRunner"/> as <see cref="StepStatus.Failing"/>.
/// </summary>
public sealed class StepCheckException : Exception
{
    /// <summary>An assertion failure with its message.</summary>
    public StepCheckException(string message)
        : base(message)
    {
    }

    /// <summary>An assertion failure with no message (use the other constructors).</summary>
    public StepCheckException()
    {
    }

    /// <summary>An assertion failure caused by another exception.</summary>
    public StepCheckException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
