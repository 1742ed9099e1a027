using Lessons.Backends.OpenCl.Native;

namespace Lessons.Backends.OpenCl;

/// <summary>
/// One kernel argument as clSetKernelArg wants it: a few bytes by value, a buffer handle, an int8 vector,
/// or an amount of local memory. Implicit conversions let a launch read like a call:
/// <c>Launch(kernel, [n], [256], n, x, y)</c>.
/// </summary>
internal readonly struct KernelArg
{
    private readonly long bits;     // an int, float, double or cl_mem, stored in the low bytes
    private readonly int size;
    private readonly int[]? vector; // an int8, passed as 32 bytes
    private readonly bool local;    // local memory of `size` bytes: no value, just a size

    private KernelArg(long bits, int size, int[]? vector = null, bool local = false)
    {
        this.bits = bits;
        this.size = size;
        this.vector = vector;
        this.local = local;
    }

    public static implicit operator KernelArg(int value) => new(value, sizeof(int));

    public static implicit operator KernelArg(float value) => new(BitConverter.SingleToInt32Bits(value), sizeof(float));

    public static implicit operator KernelArg(double value) =>
        new(BitConverter.DoubleToInt64Bits(value), sizeof(double));

    public static implicit operator KernelArg(OpenClBuffer buffer) => new(buffer.Mem, IntPtr.Size);

    /// <summary>An OpenCL <c>int8</c>: up to eight ints, the rest zero.</summary>
    public static KernelArg Int8(ReadOnlySpan<int> values)
    {
        var padded = new int[8];
        values.CopyTo(padded);
        return new KernelArg(0, 8 * sizeof(int), padded);
    }

    /// <summary>A <c>local</c> pointer argument: <paramref name="bytes"/> set aside per work-group.</summary>
    public static KernelArg Local(int bytes) => new(0, bytes, local: true);

    /// <summary>A scalar of the kernel's <c>real</c> type, which follows the buffers' dtype.</summary>
    public static KernelArg Real(DType dtype, double value) => dtype switch
    {
        // Each arm converts to KernelArg itself: left to the switch, all three would widen to double.
        DType.Float32 => (KernelArg)(float)value,
        DType.Float64 => (KernelArg)value,
        _ => (KernelArg)(int)value,
    };

    public unsafe void Set(Kernel kernel, uint index)
    {
        int status;
        if (local)
        {
            status = Cl.Api.SetKernelArg(kernel.Handle, index, (nuint)size, null);
        }
        else if (vector is not null)
        {
            fixed (int* v = vector)
            {
                status = Cl.Api.SetKernelArg(kernel.Handle, index, (nuint)size, v);
            }
        }
        else
        {
            var value = bits;
            status = Cl.Api.SetKernelArg(kernel.Handle, index, (nuint)size, &value);
        }

        ClStatus.Check(status, "clSetKernelArg", $"argument {index} of kernel '{kernel.Name}'");
    }
}
