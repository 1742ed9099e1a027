using Lessons.Backends;
using Lessons.Random;

namespace Lessons;

public sealed partial class Tensor
{
    /// <summary>A tensor of zeros (torch.zeros).</summary>
    public static Tensor Zeros(Shape shape, DType dtype = DType.Float32, IBackend? backend = null,
        bool requiresGrad = false) =>
        WithGrad(Empty(shape, dtype, backend ?? Backends.Backend.Current, zeroed: true), requiresGrad);

    /// <summary>A tensor of ones (torch.ones).</summary>
    public static Tensor Ones(Shape shape, DType dtype = DType.Float32, IBackend? backend = null,
        bool requiresGrad = false) =>
        Full(shape, 1, dtype, backend, requiresGrad);

    /// <summary>A tensor with every element <paramref name="value"/> (torch.full).</summary>
    public static Tensor Full(Shape shape, double value, DType dtype = DType.Float32, IBackend? backend = null,
        bool requiresGrad = false)
    {
        var y = Empty(shape, dtype, backend ?? Backends.Backend.Current);
        y.Backend.Fill(y.Buffer, value);
        return WithGrad(y, requiresGrad);
    }

    /// <summary>Zeros with the shape, dtype and backend of <paramref name="like"/>.</summary>
    public static Tensor ZerosLike(Tensor like) => Zeros(like.Shape, like.DType, like.Backend);

    /// <summary>Ones with the shape, dtype and backend of <paramref name="like"/>.</summary>
    public static Tensor OnesLike(Tensor like) => Ones(like.Shape, like.DType, like.Backend);

    /// <summary>A scalar (shape <c>()</c>) tensor.</summary>
    public static Tensor Scalar(double value, DType dtype = DType.Float32, IBackend? backend = null) =>
        Full(Shape.Scalar, value, dtype, backend);

    /// <summary>0, 1, …, <paramref name="end"/> − 1 (torch.arange(end)).</summary>
    public static Tensor Arange(int end, DType dtype = DType.Float32, IBackend? backend = null) =>
        Arange(0, end, 1, dtype, backend);

    /// <summary>start, start + step, … up to but excluding <paramref name="end"/> (torch.arange).</summary>
    public static Tensor Arange(double start, double end, double step = 1, DType dtype = DType.Float32,
        IBackend? backend = null)
    {
        if (step == 0 || double.IsNaN(step) || (end - start) / step < 0)
        {
            throw new ArgumentException(
                $"Arange: step {step} cannot go from {start} to {end}; expected a nonzero step pointing toward end.");
        }

        var count = (int)Math.Ceiling((end - start) / step);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = start + (i * step);
        }

        return FromDoubles(values, new Shape(count), dtype, backend);
    }

    /// <summary>A tensor holding a copy of <paramref name="data"/> with the given shape (row-major).</summary>
    public static Tensor FromArray<T>(T[] data, Shape shape, IBackend? backend = null, bool requiresGrad = false)
        where T : unmanaged
    {
        if (data.Length != shape.Numel)
        {
            throw new ArgumentException(
                $"FromArray: {data.Length} values cannot fill shape {shape}, which holds {shape.Numel}.");
        }

        backend ??= Backends.Backend.Current;
        var dtype = DTypes.Of<T>();
        if (!backend.Supports(dtype))
        {
            throw new NotSupportedException(
                $"Backend '{backend.Name}' ({backend.DeviceName}) does not support {dtype} tensors.");
        }

        return WithGrad(new Tensor(backend.Upload<T>(data), shape), requiresGrad);
    }

    /// <summary>A 1-D tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromArray<T>(T[] data, IBackend? backend = null, bool requiresGrad = false)
        where T : unmanaged =>
        FromArray(data, new Shape(data.Length), backend, requiresGrad);

    /// <summary>A 2-D tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromArray<T>(T[,] data, IBackend? backend = null, bool requiresGrad = false)
        where T : unmanaged
    {
        var rows = data.GetLength(0);
        var cols = data.GetLength(1);
        var flat = new T[rows * cols];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                flat[(i * cols) + j] = data[i, j];
            }
        }

        return FromArray(flat, new Shape(rows, cols), backend, requiresGrad);
    }

    /// <summary>Samples of N(<paramref name="mean"/>, <paramref name="std"/>²) (torch.normal).</summary>
    public static Tensor Normal(double mean, double std, Shape shape, Generator generator,
        DType dtype = DType.Float32, IBackend? backend = null, bool requiresGrad = false)
    {
        var values = new double[shape.Numel];
        generator.FillNormal(values, mean, std);
        return WithGrad(FromDoubles(values, shape, dtype, backend), requiresGrad);
    }

    /// <summary>Samples of U[<paramref name="low"/>, <paramref name="high"/>) (torch.rand scaled).</summary>
    public static Tensor Uniform(double low, double high, Shape shape, Generator generator,
        DType dtype = DType.Float32, IBackend? backend = null, bool requiresGrad = false)
    {
        var values = new double[shape.Numel];
        generator.FillUniform(values, low, high);
        return WithGrad(FromDoubles(values, shape, dtype, backend), requiresGrad);
    }

    /// <summary>Uploads doubles as <paramref name="dtype"/>, converting on the host.</summary>
    internal static Tensor FromDoubles(double[] values, Shape shape, DType dtype, IBackend? backend) => dtype switch
    {
        DType.Float64 => FromArray(values, shape, backend),
        DType.Float32 => FromArray(Array.ConvertAll(values, v => (float)v), shape, backend),
        _ => FromArray(Array.ConvertAll(values, v => (int)v), shape, backend),
    };

    private static Tensor WithGrad(Tensor tensor, bool requiresGrad)
    {
        tensor.RequiresGrad = requiresGrad;
        return tensor;
    }
}
