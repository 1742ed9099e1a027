namespace Lessons.Backends.OpenCl;

/// <summary>The fused kernels of a training step that are not row-wise (Kernels/fused.cl).</summary>
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
            kernels.Get("fused.cl", yHat.DType, "squared_loss_backward"),
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
            kernels.Get("fused.cl", param.DType, "sgd_update"),
            p.Length,
            p.Length, p, g, KernelArg.Real(param.DType, lr));
    }

    /// <inheritdoc/>
    public void AdamUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer expAvg, DeviceBuffer expAvgSq,
        DeviceBuffer? maxExpAvgSq, AdamStep step)
    {
        const string Operation = "AdamUpdate";
        var p = Output(param, Operation);
        var g = Own(grad, Operation);
        var m = Output(expAvg, Operation);
        var v = Output(expAvgSq, Operation);
        var vMax = maxExpAvgSq is null ? null : Output(maxExpAvgSq, Operation);
        RequireFloat(Operation, param);
        RequireSameDType(Operation, param, grad, expAvg, expAvgSq);
        foreach (var (name, buffer) in new[] { ("the gradient", grad), ("exp_avg", expAvg), ("exp_avg_sq", expAvgSq) })
        {
            RequireLength(Operation, name, buffer, param.Length);
        }

        if (vMax is not null)
        {
            RequireSameDType(Operation, param, vMax);
            RequireLength(Operation, "max_exp_avg_sq", vMax, param.Length);
        }

        if (p.Length == 0)
        {
            return;
        }

        var dtype = param.DType;
        LaunchPerElement(
            kernels.Get("fused.cl", dtype, "adam_update"),
            p.Length,
            p.Length, p, g, m, v, vMax ?? p, vMax is null ? 0 : 1,
            KernelArg.Real(dtype, step.Beta1),
            KernelArg.Real(dtype, step.Beta2),
            KernelArg.Real(dtype, 1 - step.Beta1), // computed in double first, as the CPU does
            KernelArg.Real(dtype, 1 - step.Beta2),
            KernelArg.Real(dtype, step.Eps),
            KernelArg.Real(dtype, step.WeightDecay),
            KernelArg.Real(dtype, step.StepSize),
            KernelArg.Real(dtype, step.Correction2Sqrt));
    }
}
