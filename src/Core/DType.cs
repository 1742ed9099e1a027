namespace Lessons;

/// <summary>The element type of a tensor.</summary>
/// <remarks>
/// <see cref="Float32"/> is the default, as in PyTorch. <see cref="Float64"/> is what gradient checks need:
/// central differences with eps = 1e-6 lose every significant digit in float32. <see cref="Int32"/> holds class
/// labels and indices (PyTorch uses int64; 32 bits are plenty for labels and every OpenCL device has them).
/// </remarks>
public enum DType
{
    /// <summary>32-bit IEEE float, the default for data and parameters.</summary>
    Float32,

    /// <summary>64-bit IEEE float, for gradient checks and reference comparisons.</summary>
    Float64,

    /// <summary>32-bit signed integer, for labels and indices.</summary>
    Int32,
}

/// <summary>Facts about each <see cref="DType"/>.</summary>
public static class DTypes
{
    /// <summary>Size of one element in bytes.</summary>
    public static int SizeOf(this DType dtype) => dtype switch
    {
        DType.Float64 => 8,
        _ => 4,
    };

    /// <summary>True for <see cref="DType.Float32"/> and <see cref="DType.Float64"/>.</summary>
    public static bool IsFloatingPoint(this DType dtype) => dtype != DType.Int32;

    /// <summary>The <see cref="DType"/> that stores elements of the CLR type <typeparamref name="T"/>.</summary>
    public static DType Of<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? DType.Float32
        : typeof(T) == typeof(double) ? DType.Float64
        : typeof(T) == typeof(int) ? DType.Int32
        : throw new NotSupportedException(
            $"Tensors hold float, double or int elements, not {typeof(T).Name}.");
}
