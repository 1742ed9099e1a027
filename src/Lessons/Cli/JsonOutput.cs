using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lessons.Cli;

/// <summary>
/// The <c>--json</c> line. JSON has no NaN or infinity, so a value that is not finite (a diverged loss) is written
/// as <c>null</c> — the documented convention, which every JSON reader accepts — instead of failing the run.
/// </summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new FiniteOrNull(), new FiniteOrNullSingle() },
    };

    /// <summary>One line of JSON for <paramref name="value"/>, non-finite numbers as null.</summary>
    public static string Serialize(object value) => JsonSerializer.Serialize(value, Options);

    private sealed class FiniteOrNull : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    private sealed class FiniteOrNullSingle : JsonConverter<float>
    {
        public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? float.NaN : reader.GetSingle();

        public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options)
        {
            if (float.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
