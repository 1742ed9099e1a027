namespace Lessons;

public sealed partial class Tensor
{
    /// <summary>Throws unless <paramref name="a"/> and <paramref name="b"/> share a backend and a dtype.</summary>
    internal static void CheckCompatible(Tensor a, Tensor b, string operation)
    {
        if (!ReferenceEquals(a.Backend, b.Backend))
        {
            throw new InvalidOperationException(
                $"{operation}: tensors live on different backends: {a.Backend.Name} ({a.Backend.DeviceName}) and " +
                $"{b.Backend.Name} ({b.Backend.DeviceName}); move one with To(backend).");
        }

        if (a.DType != b.DType)
        {
            throw new InvalidOperationException(
                $"{operation}: dtypes differ: {a.DType} and {b.DType}; convert one with To(DType.{a.DType}).");
        }
    }

    /// <summary>Throws unless the tensor is floating-point; names the operation.</summary>
    internal void CheckFloatingPoint(string operation)
    {
        if (!DType.IsFloatingPoint())
        {
            throw new InvalidOperationException(
                $"{operation}: expected a Float32 or Float64 tensor, got {DType}; convert with To(DType.Float32).");
        }
    }

    /// <summary>Throws unless the tensor holds Int32 indices; names the operation.</summary>
    internal void CheckIndex(string operation)
    {
        if (DType != DType.Int32)
        {
            throw new InvalidOperationException(
                $"{operation}: indices must be an Int32 tensor, got {DType}; convert with To(DType.Int32).");
        }
    }
}
