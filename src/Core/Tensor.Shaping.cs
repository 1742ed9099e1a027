using Lessons.Autograd;
using Lessons.Backends;

namespace Lessons;

public sealed partial class Tensor
{
    /// <summary>
    /// The same elements with another shape (a view, no copy); one dimension may be −1 and is inferred,
    /// as torch's reshape. <c>Reshape()</c> with no dimensions gives a scalar.
    /// </summary>
    public Tensor Reshape(params int[] dims)
    {
        var shape = InferShape(dims);
        return Record("Reshape", View(shape), [this], GradientRules.Reshape(this));
    }

    /// <summary>
    /// Flattens dimensions <paramref name="startDim"/>..<paramref name="endDim"/> into one (torch.flatten);
    /// <c>Flatten(1)</c> turns a batch of images (n, 1, 28, 28) into rows (n, 784).
    /// </summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Rank == 0)
        {
            return Reshape(1);
        }

        var start = Shape.NormalizeAxis(startDim, "Flatten");
        var end = Shape.NormalizeAxis(endDim, "Flatten");
        if (start > end)
        {
            throw new ArgumentException($"Flatten: startDim {startDim} comes after endDim {endDim} for shape {Shape}.");
        }

        var dims = Shape.ToArray();
        var merged = dims[start..(end + 1)].Aggregate(1, (p, d) => p * d);
        return Reshape([.. dims[..start], merged, .. dims[(end + 1)..]]);
    }

    /// <summary>Swaps two axes (torch.transpose), copying the elements into the new order.</summary>
    public Tensor Transpose(int axis0, int axis1)
    {
        var a0 = Shape.NormalizeAxis(axis0, "Transpose");
        var a1 = Shape.NormalizeAxis(axis1, "Transpose");
        if (Rank == 0)
        {
            return Clone(); // a scalar's axis 0 (or −1) swapped with itself, as torch allows
        }

        var dims = Shape.ToArray();
        var strides = Shape.Strides();
        (dims[a0], dims[a1]) = (dims[a1], dims[a0]);
        (strides[a0], strides[a1]) = (strides[a1], strides[a0]);
        var y = Empty(new Shape(dims), DType, Backend);
        Backend.Copy(Buffer, new BroadcastLayout(dims, [strides]), y.Buffer);
        return Record("Transpose", y, [this], GradientRules.Transpose(a0, a1));
    }

    /// <summary>The matrix transpose; for other ranks the axes in reverse order (torch's .T), a scalar
    /// unchanged.</summary>
    public Tensor T => Rank switch
    {
        < 2 => this,
        2 => Transpose(0, 1),
        _ => ReverseAxes(),
    };

    /// <summary>Repeats size-1 (or missing leading) dimensions to reach <paramref name="shape"/> (torch.expand,
    /// copied).</summary>
    public Tensor Expand(Shape shape)
    {
        if (Shape == shape)
        {
            return this;
        }

        var target = Lessons.Shape.Broadcast(Shape, shape, "Expand");
        if (target != shape)
        {
            throw new ArgumentException($"Expand: shape {Shape} cannot be expanded to {shape}.");
        }

        var y = Empty(shape, DType, Backend);
        Backend.Copy(Buffer, BroadcastLayout.For(shape, Shape), y.Buffer);
        return Record("Expand", y, [this], GradientRules.Expand(this));
    }

    /// <summary>A copy with its own buffer; gradients flow through it unchanged.</summary>
    public Tensor Clone()
    {
        var y = Empty(Shape, DType, Backend);
        Backend.Copy(Buffer, BroadcastLayout.For(Shape, Shape), y.Buffer);
        return Record("Clone", y, [this], GradientRules.Identity());
    }

    /// <summary>The elements converted to <paramref name="dtype"/> (floats to Int32 truncate toward zero).</summary>
    public Tensor To(DType dtype)
    {
        if (dtype == DType)
        {
            return this;
        }

        var y = Empty(Shape, dtype, Backend);
        Backend.Cast(Buffer, y.Buffer);
        return dtype.IsFloatingPoint() && DType.IsFloatingPoint()
            ? Record("Cast", y, [this], GradientRules.Cast(this))
            : y;
    }

    /// <summary>A copy on <paramref name="backend"/> (through host memory); a leaf, not part of any graph.</summary>
    public Tensor To(IBackend backend)
    {
        if (ReferenceEquals(backend, Backend))
        {
            return this;
        }

        return DType switch
        {
            DType.Float32 => FromArray(ToArray<float>(), Shape, backend),
            DType.Float64 => FromArray(ToArray<double>(), Shape, backend),
            _ => FromArray(ToArray<int>(), Shape, backend),
        };
    }

    /// <summary>The axes in reverse order (a copy).</summary>
    internal Tensor ReverseAxes()
    {
        var dims = Shape.ToArray().Reverse().ToArray();
        var strides = Shape.Strides().Reverse().ToArray();
        var y = Empty(new Shape(dims), DType, Backend);
        Backend.Copy(Buffer, new BroadcastLayout(dims, [strides]), y.Buffer);
        return Record("Permute", y, [this], GradientRules.ReverseAxes());
    }

    private Shape InferShape(int[] dims)
    {
        var inferred = -1;
        var known = 1;
        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] == -1)
            {
                if (inferred >= 0)
                {
                    throw new ArgumentException(
                        $"Reshape: only one dimension can be -1, got ({string.Join(", ", dims)}).");
                }

                inferred = i;
            }
            else if (dims[i] < 0)
            {
                throw new ArgumentException($"Reshape: invalid dimension {dims[i]} in ({string.Join(", ", dims)}).");
            }
            else
            {
                known *= dims[i];
            }
        }

        var result = (int[])dims.Clone();
        if (inferred >= 0)
        {
            if (known == 0 || Numel % known != 0)
            {
                throw new ArgumentException(
                    $"Reshape: shape {Shape} ({Numel} elements) cannot be viewed as ({string.Join(", ", dims)}).");
            }

            result[inferred] = Numel / known;
        }

        var shape = new Shape(result);
        if (shape.Numel != Numel)
        {
            throw new ArgumentException(
                $"Reshape: shape {Shape} ({Numel} elements) cannot be viewed as {shape} ({shape.Numel} elements).");
        }

        return shape;
    }
}
