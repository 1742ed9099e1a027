using System.Globalization;
using System.Text.Json;

namespace Lessons.Tests.Reference;

/// <summary>
/// Reads the reference files' tensors: nested JSON lists in row-major order (a bare number is a 0-d tensor),
/// non-finite values written as the strings "NaN", "Infinity" and "-Infinity".
/// </summary>
public static class JsonTensor
{
    /// <summary>The values (row-major) and shape of a nested list.</summary>
    public static (double[] Values, int[] Shape) Read(JsonElement element, ReferenceCase owner, string what)
    {
        var values = new List<double>();
        var shape = new List<int>();
        Walk(element, 0, values, shape, owner, what);
        return ([.. values], [.. shape]);
    }

    /// <summary>A tensor of <paramref name="dtype"/> on <paramref name="backend"/> from a nested list.</summary>
    public static Tensor ToTensor(JsonElement element, DType dtype, Backends.IBackend backend, ReferenceCase owner,
        string what)
    {
        var (values, shape) = Read(element, owner, what);
        return dtype switch
        {
            DType.Float64 => Tensor.FromArray(values, new Shape(shape), backend),
            DType.Float32 => Tensor.FromArray(Array.ConvertAll(values, v => (float)v), new Shape(shape), backend),
            _ => Tensor.FromArray(Array.ConvertAll(values, v => checked((int)v)), new Shape(shape), backend),
        };
    }

    /// <summary>A single number (a 0-d tensor).</summary>
    public static double Number(JsonElement element, ReferenceCase owner, string what) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.String => element.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => throw owner.Fail($"has {what} \"{s}\", which is not a number"),
        },
        _ => throw owner.Fail($"has {what} of JSON kind {element.ValueKind}, expected a number or a list"),
    };

    private static void Walk(JsonElement element, int depth, List<double> values, List<int> shape,
        ReferenceCase owner, string what)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            if (depth < shape.Count)
            {
                throw owner.Fail($"has a ragged {what}: a number where a list of {shape[depth]} was expected");
            }

            values.Add(Number(element, owner, what));
            return;
        }

        var length = element.GetArrayLength();
        if (depth == shape.Count && values.Count == 0)
        {
            shape.Add(length);
        }
        else if (depth >= shape.Count || shape[depth] != length)
        {
            throw owner.Fail(string.Create(CultureInfo.InvariantCulture,
                $"has a ragged {what}: a list of {length} at depth {depth}"));
        }

        foreach (var item in element.EnumerateArray())
        {
            Walk(item, depth + 1, values, shape, owner, what);
        }
    }
}
