namespace Lessons.Autograd;

/// <summary>
/// Defines a new differentiable operation from a forward result and a backward rule, like
/// torch.autograd.Function — how a learner adds a loss of their own and then proves it with
/// <see cref="GradCheck"/>.
/// </summary>
public static class Function
{
    /// <summary>
    /// Attaches <paramref name="backward"/> to <paramref name="output"/>, which must have been computed from
    /// <paramref name="inputs"/> (compute it inside <see cref="Tensor.NoGrad"/> so only this rule is recorded).
    /// </summary>
    public static Tensor Apply(string name, Tensor output, Tensor[] inputs, BackwardRule backward) =>
        Tensor.Record(name, output, inputs, g =>
        {
            var grads = backward(g);
            if (grads.Length != inputs.Length)
            {
                throw new InvalidOperationException(
                    $"{name}: the backward rule returned {grads.Length} gradients for {inputs.Length} inputs.");
            }

            for (var i = 0; i < grads.Length; i++)
            {
                if (grads[i] is { } grad && grad.Shape != inputs[i].Shape)
                {
                    throw new InvalidOperationException(
                        $"{name}: the gradient of input {i} has shape {grad.Shape}, expected {inputs[i].Shape}.");
                }
            }

            return grads;
        });
}
