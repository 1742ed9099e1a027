using System.Globalization;

namespace Lessons.Steps.Checks;

/// <summary>
/// The step checks' assertions: a handful of methods, each throwing a <see cref="StepCheckException"/> whose message
/// says what was checked, the expected value and the actual one. "Close" follows NumPy's rule
/// |actual − expected| ≤ atol + rtol·|expected|.
/// </summary>
public static class Expect
{
    /// <summary>Passes when <paramref name="condition"/> holds, else fails with <paramref name="message"/>.</summary>
    public static void That(bool condition, string message)
    {
        if (!condition)
        {
            throw new StepCheckException(message);
        }
    }

    /// <summary>Passes when <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    public static void Equal<T>(T actual, T expected, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
        {
            throw new StepCheckException($"{what}: expected {Format(expected)}, got {Format(actual)}");
        }
    }

    /// <summary>Passes when both sequences hold the same elements in the same order.</summary>
    public static void SequenceEqual<T>(IEnumerable<T> actual, IEnumerable<T> expected, string what)
    {
        var a = actual.ToList();
        var e = expected.ToList();
        if (!a.SequenceEqual(e))
        {
            throw new StepCheckException($"{what}: expected {FormatList(e)}, got {FormatList(a)}");
        }
    }

    /// <summary>Passes when <paramref name="value"/> is not null, and returns it.</summary>
    public static T NotNull<T>(T? value, string what)
        where T : class =>
        value ?? throw new StepCheckException($"{what}: expected a value, got null");

    /// <summary>Passes when <paramref name="actual"/> has the shape <paramref name="dims"/>.</summary>
    public static void Shape(Tensor actual, string what, params int[] dims)
    {
        if (!actual.Shape.SequenceEqual(dims))
        {
            throw new StepCheckException($"{what}: expected shape {new Shape(dims)}, got {actual.Shape}");
        }
    }

    /// <summary>Passes when <paramref name="actual"/> is within atol + rtol·|expected| of the expected value.</summary>
    public static void Close(double actual, double expected, string what, double atol = 1e-5, double rtol = 1e-4)
    {
        if (!IsClose(actual, expected, atol, rtol))
        {
            throw new StepCheckException($"{what}: expected {Format(expected)}, got {Format(actual)}");
        }
    }

    /// <summary>Passes when every element is close (<see cref="Close"/>) to the expected one.</summary>
    public static void AllClose(IReadOnlyList<double> actual, IReadOnlyList<double> expected, string what,
        double atol = 1e-5, double rtol = 1e-4)
    {
        if (actual.Count != expected.Count)
        {
            throw new StepCheckException(
                $"{what}: expected {expected.Count} values {FormatList(expected)}, " +
                $"got {actual.Count}: {FormatList(actual)}");
        }

        for (var i = 0; i < actual.Count; i++)
        {
            if (!IsClose(actual[i], expected[i], atol, rtol))
            {
                throw new StepCheckException($"{what}: expected {FormatList(expected)}, got {FormatList(actual)} — " +
                    $"first difference at index {i}: expected {Format(expected[i])}, got {Format(actual[i])}");
            }
        }
    }

    /// <summary>Passes when <paramref name="actual"/>'s elements, read in order, are close to
    /// <paramref name="expected"/>.</summary>
    public static void AllClose(Tensor actual, IReadOnlyList<double> expected, string what, double atol = 1e-5,
        double rtol = 1e-4) => AllClose(actual.ToDoubles(), expected, what, atol, rtol);

    /// <summary>
    /// Recognises a common wrong answer: when <paramref name="actual"/> is not the expected result but is close to
    /// <paramref name="wrong"/> — what the misconception computes — fails with <paramref name="misconception"/>, the
    /// mistake in words, before the numbers of <paramref name="what"/>.
    /// </summary>
    public static void NotLike(IReadOnlyList<double> actual, IReadOnlyList<double> expected,
        IReadOnlyList<double> wrong, string misconception, string what, double atol = 1e-5, double rtol = 1e-4)
    {
        if (!AllCloseTo(actual, expected, atol, rtol) && AllCloseTo(actual, wrong, atol, rtol))
        {
            throw new StepCheckException($"{misconception}. ({what}: expected {FormatList(expected)}, got " +
                $"{FormatList(actual)})");
        }
    }

    /// <summary>The same for a tensor result.</summary>
    public static void NotLike(Tensor actual, IReadOnlyList<double> expected, IReadOnlyList<double> wrong,
        string misconception, string what, double atol = 1e-5, double rtol = 1e-4) =>
        NotLike(actual.ToDoubles(), expected, wrong, misconception, what, atol, rtol);

    /// <summary>Whether two lists have the same length and every element is close.</summary>
    public static bool AllCloseTo(IReadOnlyList<double> actual, IReadOnlyList<double> expected, double atol = 1e-5,
        double rtol = 1e-4) =>
        actual.Count == expected.Count && actual.Zip(expected).All(p => IsClose(p.First, p.Second, atol, rtol));

    /// <summary>Passes when every element of <paramref name="actual"/> is a finite number.</summary>
    public static void Finite(IReadOnlyList<double> actual, string what)
    {
        var bad = actual.Select((v, i) => (v, i)).FirstOrDefault(p => !double.IsFinite(p.v), (0, -1));
        if (bad.Item2 >= 0)
        {
            throw new StepCheckException(
                $"{what}: expected finite values, got {FormatList(actual)} — index {bad.Item2} is {Format(bad.Item1)}");
        }
    }

    /// <summary>NumPy's isclose: |a − e| ≤ atol + rtol·|e|; NaN is never close.</summary>
    public static bool IsClose(double actual, double expected, double atol, double rtol) =>
        actual == expected || Math.Abs(actual - expected) <= atol + (rtol * Math.Abs(expected));

    /// <summary>A value as the messages print it: numbers to 6 significant digits, invariant culture.</summary>
    public static string Format<T>(T value) => value switch
    {
        null => "null",
        double d => FormatNumber(d),
        float f => FormatNumber(f),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A list as the messages print it: [a, b, c], the first 10 elements then "…".</summary>
    public static string FormatList<T>(IEnumerable<T> values)
    {
        var list = values.ToList();
        var shown = string.Join(", ", list.Take(10).Select(v => Format(v)));
        return list.Count > 10 ? $"[{shown}, … ({list.Count} values)]" : $"[{shown}]";
    }

    private static string FormatNumber(double d) => d switch
    {
        double.PositiveInfinity => "∞",
        double.NegativeInfinity => "−∞",
        _ => d.ToString("G6", CultureInfo.InvariantCulture),
    };
}
