using System.Globalization;
using System.Text;

namespace Lessons;

public sealed partial class Tensor
{
    private const int SummarizeAbove = 1000; // torch's print threshold
    private const int EdgeItems = 3;
    private const int LineWidth = 80;

    /// <summary>
    /// Prints like torch: <c>tensor([[1.0000, 2.5000], [3.0000, 4.0000]])</c> laid out over rows, integers as
    /// <c>1.</c>, scientific notation when magnitudes are far apart, <c>...</c> past 1000 elements, then the dtype
    /// when it is not the default, and <c>requires_grad=True</c> or <c>grad_fn=&lt;MulBackward&gt;</c>.
    /// </summary>
    public override string ToString()
    {
        if (IsDisposed)
        {
            return $"tensor(<disposed>, size={Shape})";
        }

        var values = ToDoubles();
        var suffix = new List<string>();
        if (Numel == 0)
        {
            suffix.Add("size=(" + string.Join(", ", Shape.ToArray()) + ")");
        }

        if (DType != DType.Float32)
        {
            suffix.Add($"dtype={DType}");
        }

        if (GradFn is not null)
        {
            suffix.Add($"grad_fn=<{GradFn.Name}>");
        }
        else if (RequiresGrad)
        {
            suffix.Add("requires_grad=True");
        }

        var summarize = Numel > SummarizeAbove;
        var format = ElementFormat.For(values, DType, summarize ? Shown(values) : values);
        var text = new StringBuilder("tensor(");
        if (Numel == 0)
        {
            text.Append("[]");
        }
        else
        {
            AppendBlock(text, values, 0, 0, format, summarize, "tensor(".Length);
        }

        foreach (var s in suffix)
        {
            text.Append(", ").Append(s);
        }

        return text.Append(')').ToString();
    }

    private void AppendBlock(StringBuilder text, double[] values, int axis, int offset, ElementFormat format,
        bool summarize, int indent)
    {
        if (Rank == 0)
        {
            text.Append(format.Format(values[0]).Trim());
            return;
        }

        var length = Shape[axis];
        var stride = Shape.Inner(axis);
        var shown = Enumerable.Range(0, length)
            .Where(i => !summarize || length <= 2 * EdgeItems || i < EdgeItems || i >= length - EdgeItems).ToList();
        text.Append('[');
        if (axis == Rank - 1)
        {
            var perLine = Math.Max(1, (LineWidth - indent) / (format.Width + 2));
            for (var n = 0; n < shown.Count; n++)
            {
                if (n > 0)
                {
                    text.Append(',');
                    text.Append(n % perLine == 0 ? "\n" + new string(' ', indent + axis + 1) : " ");
                }

                if (summarize && n == EdgeItems && length > 2 * EdgeItems)
                {
                    text.Append(" ..., "); // torch pads the ellipsis like an element: "2.,  ..., 1997."
                }

                text.Append(format.Format(values[offset + shown[n]]));
            }
        }
        else
        {
            var separator = "," + new string('\n', Rank - axis - 1) + new string(' ', indent + axis + 1);
            for (var n = 0; n < shown.Count; n++)
            {
                if (n > 0)
                {
                    text.Append(separator);
                }

                if (summarize && n == EdgeItems && length > 2 * EdgeItems)
                {
                    text.Append("...").Append(separator);
                }

                AppendBlock(text, values, axis + 1, offset + (shown[n] * stride), format, summarize, indent);
            }
        }

        text.Append(']');
    }

    private double[] Shown(double[] values) =>
        [.. values.Take(EdgeItems), .. values.Skip(Math.Max(EdgeItems, values.Length - EdgeItems))];

    /// <summary>torch's choice of number format: integer, fixed with 4 decimals, or scientific.</summary>
    private sealed record ElementFormat(string Kind, int Width)
    {
        public static ElementFormat For(double[] all, DType dtype, double[] considered)
        {
            var finite = considered.Where(double.IsFinite).Select(Math.Abs).ToArray();
            string kind;
            if (dtype == DType.Int32)
            {
                kind = "int";
            }
            else if (finite.Length == 0)
            {
                kind = "fixed";
            }
            else if (finite.All(v => v == Math.Floor(v)))
            {
                kind = finite.Max() > 1e8 ? "sci" : "integral";
            }
            else
            {
                var nonzero = finite.Where(v => v != 0).DefaultIfEmpty(0).ToArray();
                var max = nonzero.Max();
                var min = nonzero.Min();
                kind = max / Math.Max(min, double.Epsilon) > 1000 || max > 1e8 || (min != 0 && min < 1e-4)
                    ? "sci"
                    : "fixed";
            }

            var probe = new ElementFormat(kind, 0);
            var width = considered.Select(v => probe.Raw(v).Length).DefaultIfEmpty(1).Max();
            return probe with { Width = width };
        }

        public string Format(double v) => Raw(v).PadLeft(Width);

        private string Raw(double v)
        {
            if (double.IsNaN(v))
            {
                return "nan";
            }

            if (double.IsInfinity(v))
            {
                return v > 0 ? "inf" : "-inf";
            }

            var c = CultureInfo.InvariantCulture;
            return Kind switch
            {
                "int" => ((long)v).ToString(c),
                "integral" => v.ToString("0", c) + ".",
                "sci" => v.ToString("0.0000e+00", c),
                _ => v.ToString("0.0000", c),
            };
        }
    }
}
