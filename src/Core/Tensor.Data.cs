namespace Lessons;

public sealed partial class Tensor
{
    /// <summary>A copy of the elements on the host, row-major; <typeparamref name="T"/> must match the dtype.</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        var requested = DTypes.Of<T>();
        if (requested != DType)
        {
            throw new InvalidOperationException(
                $"ToArray<{typeof(T).Name}>: this tensor is {DType}; " +
                "read it with the matching type or convert with To().");
        }

        var result = new T[Numel];
        Backend.Download<T>(Buffer, result);
        return result;
    }

    /// <summary>The elements as doubles, whatever the dtype.</summary>
    public double[] ToDoubles() => DType switch
    {
        DType.Float64 => ToArray<double>(),
        DType.Float32 => Array.ConvertAll(ToArray<float>(), v => (double)v),
        _ => Array.ConvertAll(ToArray<int>(), v => (double)v),
    };

    /// <summary>The value of a one-element tensor (torch's item()).</summary>
    public double Item()
    {
        if (Numel != 1)
        {
            throw new InvalidOperationException($"Item: only one-element tensors have an item; this one is {Shape}.");
        }

        return ToDoubles()[0];
    }
}
