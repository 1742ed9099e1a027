namespace Lessons.Backends.Cpu;

/// <summary>The convolution and pooling primitives: the dtype is picked here, the loops are in
/// <see cref="Convolution"/> and <see cref="Pooling"/>.</summary>
public sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public void Conv2d(DeviceBuffer x, DeviceBuffer weight, DeviceBuffer? bias, DeviceBuffer y, Conv2dLayout layout)
    {
        switch (x.DType)
        {
            case DType.Float32:
                Convolution.Forward(Data<float>(x), Data<float>(weight), bias is null ? null : Data<float>(bias),
                    Data<float>(y), layout);
                break;
            case DType.Float64:
                Convolution.Forward(Data<double>(x), Data<double>(weight), bias is null ? null : Data<double>(bias),
                    Data<double>(y), layout);
                break;
            default: throw FloatOnly("Conv2d", x.DType);
        }
    }

    /// <inheritdoc/>
    public void Conv2dInputGrad(DeviceBuffer gradY, DeviceBuffer weight, DeviceBuffer gradX, Conv2dLayout layout)
    {
        switch (gradY.DType)
        {
            case DType.Float32:
                Convolution.InputGrad(Data<float>(gradY), Data<float>(weight), Data<float>(gradX), layout);
                break;
            case DType.Float64:
                Convolution.InputGrad(Data<double>(gradY), Data<double>(weight), Data<double>(gradX), layout);
                break;
            default: throw FloatOnly("Conv2dInputGrad", gradY.DType);
        }
    }

    /// <inheritdoc/>
    public void Conv2dWeightGrad(DeviceBuffer x, DeviceBuffer gradY, DeviceBuffer gradWeight, Conv2dLayout layout)
    {
        switch (x.DType)
        {
            case DType.Float32:
                Convolution.WeightGrad(Data<float>(x), Data<float>(gradY), Data<float>(gradWeight), layout);
                break;
            case DType.Float64:
                Convolution.WeightGrad(Data<double>(x), Data<double>(gradY), Data<double>(gradWeight), layout);
                break;
            default: throw FloatOnly("Conv2dWeightGrad", x.DType);
        }
    }

    /// <inheritdoc/>
    public void MaxPool2d(DeviceBuffer x, DeviceBuffer y, DeviceBuffer indices, Pool2dLayout layout)
    {
        switch (x.DType)
        {
            case DType.Float32: Pooling.MaxPool(Data<float>(x), Data<float>(y), Data<int>(indices), layout); break;
            case DType.Float64: Pooling.MaxPool(Data<double>(x), Data<double>(y), Data<int>(indices), layout); break;
            default: throw FloatOnly("MaxPool2d", x.DType);
        }
    }

    /// <inheritdoc/>
    public void MaxPool2dBackward(DeviceBuffer gradY, DeviceBuffer indices, DeviceBuffer gradX, Pool2dLayout layout)
    {
        switch (gradY.DType)
        {
            case DType.Float32:
                Pooling.MaxPoolBackward(Data<float>(gradY), Data<int>(indices), Data<float>(gradX), layout);
                break;
            case DType.Float64:
                Pooling.MaxPoolBackward(Data<double>(gradY), Data<int>(indices), Data<double>(gradX), layout);
                break;
            default: throw FloatOnly("MaxPool2dBackward", gradY.DType);
        }
    }

    /// <inheritdoc/>
    public void AvgPool2d(DeviceBuffer x, DeviceBuffer y, Pool2dLayout layout)
    {
        switch (x.DType)
        {
            case DType.Float32: Pooling.AvgPool(Data<float>(x), Data<float>(y), layout); break;
            case DType.Float64: Pooling.AvgPool(Data<double>(x), Data<double>(y), layout); break;
            default: throw FloatOnly("AvgPool2d", x.DType);
        }
    }

    /// <inheritdoc/>
    public void AvgPool2dBackward(DeviceBuffer gradY, DeviceBuffer gradX, Pool2dLayout layout)
    {
        switch (gradY.DType)
        {
            case DType.Float32: Pooling.AvgPoolBackward(Data<float>(gradY), Data<float>(gradX), layout); break;
            case DType.Float64: Pooling.AvgPoolBackward(Data<double>(gradY), Data<double>(gradX), layout); break;
            default: throw FloatOnly("AvgPool2dBackward", gradY.DType);
        }
    }

    private static NotSupportedException FloatOnly(string operation, DType dtype) =>
        new($"{operation} is defined for Float32 and Float64 tensors, not {dtype}.");
}
