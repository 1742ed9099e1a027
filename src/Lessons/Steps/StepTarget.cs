using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Lessons.Steps;

/// <summary>
/// What the step checks run against: one implementation of each lesson's steps interface. The reference solution
/// (the lessons in <c>src/Lessons/Chapter3/</c>) is the default and what CI checks; the workbook
/// (<c>src/Lessons/Workbook/</c>) is what a learner fills in. <see cref="FromEnvironment"/> picks one by
/// <c>LESSONS_TARGET=workbook|reference</c>; <see cref="With{TSteps}(string, TSteps)"/> composes a target that takes
/// one step from elsewhere.
/// </summary>
public sealed class StepTarget
{
    /// <summary>The environment variable that selects the target: <c>workbook</c> or <c>reference</c>.</summary>
    public const string EnvironmentVariable = "LESSONS_TARGET";

    private readonly IReadOnlyList<object> implementations;

    private StepTarget(string name, IReadOnlyList<object> implementations)
    {
        Name = name;
        this.implementations = implementations;
    }

    /// <summary>The target's name (<c>reference</c>, <c>workbook</c>, or a description of a composition).</summary>
    public string Name { get; }

    /// <summary>The names <see cref="Named"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["reference", "workbook"];

    /// <summary>
    /// One instance of each lesson's reference implementation, one per steps interface, in the order of the learning
    /// path. A new lesson with workbook steps adds its lesson class here (and its checks to
    /// <see cref="Checks.StepChecks"/>, its hints to <see cref="StepHints"/>).
    /// </summary>
    private static IReadOnlyList<Func<object>> ReferenceFactories { get; } =
    [
        () => new Chapter3.LinearRegression(), () => new Chapter3.LinearRegressionScratch(),
        () => new Chapter3.LinearRegressionConcise(), () => new Chapter3.SoftmaxRegression(),
        () => new Chapter3.SoftmaxRegressionScratch(), () => new Chapter3.SoftmaxRegressionConcise(),
        () => new Chapter3.Mlp(),
        () => new Chapter6.LeNet(),
    ];

    /// <summary>The steps interfaces (<c>Lessons.Steps.I…Steps</c>), one per lesson with workbook steps.</summary>
    public static IReadOnlyList<Type> StepsInterfaces { get; } =
    [
        .. ReferenceFactories.SelectMany(f => f().GetType().GetInterfaces())
            .Where(i => i.Namespace == typeof(StepTarget).Namespace
                && i.Name.EndsWith("Steps", StringComparison.Ordinal))
            .Distinct(),
    ];

    /// <summary>The reference solution: the lessons themselves.</summary>
    public static StepTarget Reference => new("reference", [.. ReferenceFactories.Select(f => f())]);

    /// <summary>
    /// The learner's workbook (<c>src/Lessons/Workbook/</c>, see <see cref="WorkbookFolder"/>), compiled now by
    /// <see cref="WorkbookCompiler"/>. A lesson whose file does not compile answers every step with a
    /// <see cref="WorkbookCompileException"/> that lists the compiler's errors.
    /// </summary>
    public static StepTarget Workbook => FromWorkbook(WorkbookCompiler.Compile());

    /// <summary>The target of a compiled workbook (for example a copy of the workbook in another folder).</summary>
    public static StepTarget FromWorkbook(WorkbookBuild build)
    {
        var implementations = StepsInterfaces.Select(steps =>
            build.Implementations.TryGetValue(steps, out var mine) ? mine
            : build.Failed.TryGetValue(steps, out var errors) ? UnbuiltSteps.Create(steps,
                new WorkbookCompileException(steps, errors))
            : UnbuiltSteps.Create(steps, new WorkbookCompileException(
                $"the workbook ({WorkbookFolder.Display(build.Folder)}) has no class that implements {steps.Name}: " +
                $"keep the class {steps.Name[1..^"Steps".Length]} of the shipped workbook, with its " +
                $"': {steps.Name}'.")));
        return new StepTarget("workbook", [.. implementations]);
    }

    /// <summary>The target named <paramref name="name"/>: <c>reference</c> (also when null or empty) or
    /// <c>workbook</c>.</summary>
    public static StepTarget Named(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "reference" => Reference,
        "workbook" => Workbook,
        _ => throw new ArgumentException(
            $"{EnvironmentVariable}: unknown target '{name}'; expected {string.Join(" or ", Names)}."),
    };

    /// <summary>The name of the target <c>LESSONS_TARGET</c> names (<c>reference</c> when it is not set), checked
    /// without compiling the workbook.</summary>
    public static string FromEnvironmentName()
    {
        var name = Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim().ToLowerInvariant();
        return name switch
        {
            null or "" => "reference",
            _ when Names.Contains(name) => name,
            _ => throw new ArgumentException(
                $"{EnvironmentVariable}: unknown target '{name}'; expected {string.Join(" or ", Names)}."),
        };
    }

    /// <summary>The target <c>LESSONS_TARGET</c> names; the reference when it is not set.</summary>
    public static StepTarget FromEnvironment() => Named(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>This target's implementation of the steps interface <typeparamref name="TSteps"/>.</summary>
    public TSteps Get<TSteps>()
        where TSteps : class =>
        implementations.OfType<TSteps>().FirstOrDefault() ?? throw new InvalidOperationException(
            $"StepTarget '{Name}' has no implementation of {typeof(TSteps).Name}.");

    /// <summary>This target's implementation of the steps interface <paramref name="stepsInterface"/>.</summary>
    public object Get(Type stepsInterface) =>
        implementations.FirstOrDefault(stepsInterface.IsInstanceOfType) ?? throw new InvalidOperationException(
            $"StepTarget '{Name}' has no implementation of {stepsInterface.Name}.");

    /// <summary>
    /// This target, except that the step <paramref name="step"/> of <paramref name="stepsInterface"/> is taken from
    /// <paramref name="from"/>'s implementation (how <c>lessons run --workbook</c> fills in the steps not started).
    /// </summary>
    public StepTarget With(Type stepsInterface, string step, StepTarget from)
    {
        var method = stepsInterface.GetMethod(step) ?? throw new ArgumentException(
            $"StepTarget.With: {stepsInterface.Name} has no step named '{step}'.", nameof(step));
        var source = from.Get(stepsInterface);
        var original = Get(stepsInterface);
        var composed = StepOverride.Create(stepsInterface, original, step, args => method.Invoke(source, args));
        return new StepTarget($"{Name} with {step} from {from.Name}",
            [.. implementations.Select(i => ReferenceEquals(i, original) ? composed : i)]);
    }

    /// <summary>
    /// This target, except that the step <paramref name="step"/> of <typeparamref name="TSteps"/> is taken from
    /// <paramref name="from"/> (for example the reference's, to see one workbook step done).
    /// </summary>
    public StepTarget With<TSteps>(string step, TSteps from)
        where TSteps : class
    {
        var method = StepMethod<TSteps>(step);
        return Replace<TSteps>($"{Name} with {step} from {from.GetType().FullName}", step,
            args => method.Invoke(from, args));
    }

    /// <summary>
    /// This target, except that the step <paramref name="step"/> of <typeparamref name="TSteps"/> is
    /// <paramref name="body"/>, a delegate with the step's parameters and return type (for example a deliberately
    /// wrong implementation, to see a step failing).
    /// </summary>
    public StepTarget With<TSteps>(string step, Delegate body)
        where TSteps : class
    {
        var method = StepMethod<TSteps>(step);
        var parameters = body.Method.GetParameters();
        if (parameters.Length != method.GetParameters().Length)
        {
            throw new ArgumentException($"StepTarget.With: {typeof(TSteps).Name}.{step} takes " +
                $"{method.GetParameters().Length} parameters, the delegate {parameters.Length}.", nameof(body));
        }

        return Replace<TSteps>($"{Name} with {step} replaced", step, body.DynamicInvoke);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    private static MethodInfo StepMethod<TSteps>(string step) =>
        typeof(TSteps).GetMethod(step) ?? throw new ArgumentException(
            $"StepTarget.With: {typeof(TSteps).Name} has no step named '{step}'.", nameof(step));

    private StepTarget Replace<TSteps>(string name, string step, Func<object?[]?, object?> replacement)
        where TSteps : class
    {
        var original = Get<TSteps>();
        var composed = StepOverride.Create(original, step, replacement);
        return new StepTarget(name, [.. implementations.Select(i => ReferenceEquals(i, original) ? composed : i)]);
    }
}

/// <summary>
/// An implementation of a steps interface that forwards every call to an original implementation except one step,
/// which it answers itself (a <see cref="DispatchProxy"/>, so it works for every steps interface).
/// </summary>
internal class StepOverride : DispatchProxy
{
    private object original = null!;
    private string step = "";
    private Func<object?[]?, object?> replacement = null!;

    /// <summary>An implementation of <typeparamref name="TSteps"/>: <paramref name="original"/>'s, except
    /// <paramref name="step"/>, which calls <paramref name="replacement"/> with the call's arguments.</summary>
    public static TSteps Create<TSteps>(TSteps original, string step, Func<object?[]?, object?> replacement)
        where TSteps : class => (TSteps)Create(typeof(TSteps), original, step, replacement);

    /// <summary>The same, for a steps interface known at run time.</summary>
    public static object Create(Type stepsInterface, object original, string step,
        Func<object?[]?, object?> replacement)
    {
        var proxy = Create(stepsInterface, typeof(StepOverride));
        var self = (StepOverride)proxy;
        self.original = original;
        self.step = step;
        self.replacement = replacement;
        return proxy;
    }

    /// <inheritdoc/>
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        try
        {
            return targetMethod.Name == step ? replacement(args) : targetMethod.Invoke(original, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            // Reflection wraps what the step threw; rethrow the step's own exception, as a direct call would.
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}

/// <summary>
/// The steps of a workbook file that did not compile: every call throws the compiler's errors, so each step of that
/// lesson reports them (as failing) instead of a result.
/// </summary>
internal class UnbuiltSteps : DispatchProxy
{
    private Exception error = null!;

    /// <summary>An implementation of <paramref name="stepsInterface"/> whose every step throws
    /// <paramref name="error"/>.</summary>
    public static object Create(Type stepsInterface, Exception error)
    {
        var proxy = Create(stepsInterface, typeof(UnbuiltSteps));
        ((UnbuiltSteps)proxy).error = error;
        return proxy;
    }

    /// <inheritdoc/>
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => throw error;
}
