using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Lessons.Cli;

/// <summary>
/// Options whose values are checked while the command line is parsed, before any work starts: each refuses a bad
/// value with a message that names the option, the accepted range and what was typed ("--epochs must be a whole
/// number ≥ 1, got 0"), never a .NET type name. A new option is one line with one of these factories.
/// </summary>
public static class CheckedOptions
{
    /// <summary>An optional whole number in [<paramref name="min"/>, <paramref name="max"/>] (null when
    /// absent).</summary>
    public static Option<int?> WholeNumber(string name, string description, int min, int max = int.MaxValue) =>
        new(name)
        {
            Description = description,
            HelpName = "n",
            CustomParser = result => ParseWholeNumber(result, name, min, max),
        };

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>] with a default.</summary>
    public static Option<int> WholeNumber(string name, string description, int defaultValue, int min, int max) =>
        new(name)
        {
            Description = description,
            HelpName = "n",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => ParseWholeNumber(result, name, min, max) ?? defaultValue,
        };

    /// <summary>An optional finite number ≥ <paramref name="min"/> (null when absent): no NaN, no infinity.</summary>
    public static Option<double?> FiniteNumber(string name, string description, double min, string why = "") =>
        new(name)
        {
            Description = description,
            HelpName = "x",
            CustomParser = result =>
            {
                var token = Token(result);
                if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                    && double.IsFinite(value) && value >= min)
                {
                    return value;
                }

                result.AddError(string.Create(CultureInfo.InvariantCulture,
                    $"{name} must be a finite number ≥ {min}{why}, got {Quote(token)}."));
                return null;
            },
        };

    /// <summary>
    /// One finite number ≥ <paramref name="min"/>, or several separated by commas (<c>--lr 0.003,0.03,0.3</c>, a
    /// sweep); null when absent.
    /// </summary>
    public static Option<double[]?> FiniteNumbers(string name, string description, double min, string why = "") =>
        new(name)
        {
            Description = description,
            HelpName = "x[,x…]",
            CustomParser = result =>
            {
                var token = Token(result);
                var values = new List<double>();
                foreach (var text in token.Split(',', StringSplitOptions.TrimEntries))
                {
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                        || !double.IsFinite(value) || value < min)
                    {
                        var got = text == token ? Quote(token) : $"'{text}' in {token}";
                        result.AddError(string.Create(CultureInfo.InvariantCulture,
                            $"{name} must be a finite number ≥ {min}{why}, got {got}."));
                        return null;
                    }

                    values.Add(value);
                }

                return [.. values];
            },
        };

    /// <summary>An optional folder to write into: refused when empty (whether it can be written is checked by
    /// <see cref="OutputFolder.Check"/> once the run knows its lessons).</summary>
    public static Option<string?> Folder(string name, string description) =>
        new(name)
        {
            Description = description,
            HelpName = "folder",
            CustomParser = result =>
            {
                var token = Token(result);
                if (string.IsNullOrWhiteSpace(token))
                {
                    result.AddError($"{name} must name a folder, got an empty value.");
                    return null;
                }

                return token;
            },
        };

    private static int? ParseWholeNumber(ArgumentResult result, string name, int min, int max)
    {
        var token = Token(result);
        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return (int)value;
        }

        var range = max == int.MaxValue && min != int.MinValue
            ? $"≥ {min}"
            : string.Create(CultureInfo.InvariantCulture, $"from {min} to {max}");
        result.AddError($"{name} must be a whole number {range}, got {Quote(token)}.");
        return null;
    }

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    private static string Quote(string token) => token.Length == 0 ? "an empty value" : token;
}
