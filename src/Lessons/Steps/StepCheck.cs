namespace Lessons.Steps;

/// <summary>
/// One check of one step a learner writes: which lesson, which step (the method of the lesson's steps interface it
/// is named after), what it shows, and the code that asserts it. Checks are written once, in
/// <c>src/Lessons/Steps/Checks/</c>, and run against any <see cref="StepTarget"/> by <see cref="StepRunner"/>.
/// </summary>
public abstract class StepCheck
{
    /// <summary>A check of <paramref name="step"/> in <paramref name="lesson"/>.</summary>
    private protected StepCheck(string lesson, string step, string description, IReadOnlyList<string>? uses)
    {
        Lesson = lesson;
        Step = step;
        Description = description;
        Uses = uses ?? [];
    }

    /// <summary>The lesson's command-line name, as <c>lessons list</c> prints it (<c>linreg-scratch</c>).</summary>
    public string Lesson { get; }

    /// <summary>The step: the name of the method of the lesson's steps interface (e.g. <c>SquaredLoss</c>).</summary>
    public string Step { get; }

    /// <summary>What the check shows, in one line; the hint when a stub gives none.</summary>
    public string Description { get; }

    /// <summary>
    /// The steps of the same lesson this step usually calls (EvaluateAccuracy calls Accuracy): when this step fails
    /// and one of those fails its own check, the failure says to fix that one first.
    /// </summary>
    public IReadOnlyList<string> Uses { get; }

    /// <summary>The check's name, <c>lesson.step</c> (e.g. <c>linreg-scratch.SquaredLoss</c>).</summary>
    public string Id => $"{Lesson}.{Step}";

    /// <summary>The steps interface the check exercises (e.g. <see cref="ILinearRegressionScratchSteps"/>).</summary>
    public abstract Type StepsType { get; }

    /// <summary>Runs the check on <paramref name="target"/>'s implementation; throws when it does not hold.</summary>
    public abstract void Run(StepTarget target);

    /// <inheritdoc/>
    public override string ToString() => Id;
}

/// <summary>A check of a step of the steps interface <typeparamref name="TSteps"/>.</summary>
/// <typeparam name="TSteps">The lesson's steps interface.</typeparam>
public sealed class StepCheck<TSteps> : StepCheck
    where TSteps : class
{
    private readonly Action<TSteps> check;

    /// <summary>
    /// A check of the method <paramref name="step"/> of <typeparamref name="TSteps"/>; <paramref name="check"/>
    /// asserts with <see cref="Checks.Expect"/>; <paramref name="uses"/> names the steps it usually calls.
    /// </summary>
    public StepCheck(string lesson, string step, string description, Action<TSteps> check,
        IReadOnlyList<string>? uses = null)
        : base(lesson, step, description, uses)
    {
        if (typeof(TSteps).GetMethod(step) is null)
        {
            throw new ArgumentException($"StepCheck: {typeof(TSteps).Name} has no step named '{step}'.", nameof(step));
        }

        this.check = check;
    }

    /// <inheritdoc/>
    public override Type StepsType => typeof(TSteps);

    /// <inheritdoc/>
    public override void Run(StepTarget target) => check(target.Get<TSteps>());
}
