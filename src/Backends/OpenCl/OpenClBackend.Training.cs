namespace Lessons.Backends.OpenCl;

/// <summary>The fused kernels of a training step that are not row-wise (Kernels/losses.cl).</summary>
public sealed partial class OpenClBackend
{
    /// <inheritdoc/>
    public void SquaredLossBackward(DeviceBuffer yHat, DeviceBuffer y, DeviceBuffer upstream, DeviceBuffer grad)
    {
        const string Operation = "SquaredLossBackward";
        var prediction = Own(yHat, Operation);
        var target = Own(y, Operation);
        var g = Own(upstream, Operation);
        var output = Output(grad, Operation);
        RequireSameDType(Operation, yHat, y, upstream, grad);
        RequireFloat(Operation, yHat);
        RequireLength(Operation, "y", y, yHat.Length);
        RequireLength(Operation, "the upstream gradient", upstream, yHat.Length);
        RequireLength(Operation, "the gradient", grad, yHat.Length);
        if (output.Length == 0)
        {
            return;
        }

        LaunchPerElement(
            kernels.Get("losses.cl", yHat.DType, "squared_loss_backward"),
            output.Length,
            output.Length, prediction, target, g, output);
    }

    /// <inheritdoc/>
    public void SgdUpdate(DeviceBuffer param, DeviceBuffer grad, double lr)
    {
        var p = Output(param, "SgdUpdate");
        var g = Own(grad, "SgdUpdate");
        RequireSameDType("SgdUpdate", param, grad);
        RequireFloat("SgdUpdate", param);
        RequireLength("SgdUpdate", "the gradient", grad, param.Length);
        if (p.Length == 0)
        {
            return;
        }

        LaunchPerElement(
            kernels.Get("losses.cl", param.DType, "sgd_update"),
            p.Length,
            p.Length, p, g, KernelArg.Real(param.DType, lr));
    }
}
