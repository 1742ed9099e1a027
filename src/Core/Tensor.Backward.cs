using Lessons.Autograd;
using Lessons.Memory;

namespace Lessons;

public sealed partial class Tensor
{
    /// <summary>
    /// Backpropagates from this tensor: every leaf that requires grad gets ∂this/∂leaf added to its
    /// <see cref="Grad"/> (gradients accumulate, as in torch; clear them with <see cref="ZeroGrad"/>).
    /// </summary>
    /// <param name="gradient">The upstream gradient; may be omitted only when this tensor has one element.</param>
    /// <param name="retainGraph">Keep the graph for a second Backward through it (torch's retain_graph).</param>
    public void Backward(Tensor? gradient = null, bool retainGraph = false)
    {
        if (!RequiresGrad)
        {
            throw new InvalidOperationException(
                "Backward: this tensor does not require grad and has no graph; set RequiresGrad = true on the " +
                "parameters before computing it.");
        }

        if (gradient is null && Numel != 1)
        {
            throw new InvalidOperationException(
                $"Backward: a gradient can be created implicitly only for one-element outputs, this one is {Shape}; " +
                "reduce it first (e.g. .Sum()) or pass the upstream gradient.");
        }

        if (gradient is not null && gradient.Shape != Shape)
        {
            throw new ArgumentException(
                $"Backward: the upstream gradient has shape {gradient.Shape}, expected {Shape} like the output.");
        }

        var order = TopologicalOrder(this);
        using var noGrad = NoGrad();
        using var scope = Scope(); // every intermediate gradient is released at the end
        var pending = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance)
        {
            [this] = gradient ?? OnesLike(this),
        };

        for (var i = order.Count - 1; i >= 0; i--)
        {
            var tensor = order[i];
            if (!pending.Remove(tensor, out var grad))
            {
                continue;
            }

            if (tensor.GradFn is not { } node)
            {
                tensor.AccumulateGrad(grad);
                continue;
            }

            var rule = node.Rule ?? throw new InvalidOperationException(
                $"Backward: the graph through {node.Name} was already released by an earlier Backward(); " +
                "pass retainGraph: true to the first call to backpropagate twice.");
            var inputGrads = rule(grad);
            if (inputGrads.Length != node.Inputs.Length)
            {
                throw new InvalidOperationException(
                    $"Backward: {node.Name} returned {inputGrads.Length} gradients for {node.Inputs.Length} inputs.");
            }

            for (var k = 0; k < node.Inputs.Length; k++)
            {
                var input = node.Inputs[k];
                if (inputGrads[k] is not { } inputGrad || !input.RequiresGrad)
                {
                    continue;
                }

                CheckGradient(node, k, input, inputGrad);

                pending[input] = pending.TryGetValue(input, out var sum) ? sum + inputGrad : inputGrad;
            }

            if (!retainGraph)
            {
                node.Release();
            }
        }
    }

    /// <summary>
    /// Every gradient a rule returns must look like its input: same shape, same dtype. Checked here, once for every
    /// rule, so a rule that sends a gradient to the wrong input (or forgets to sum a broadcast back) fails at once,
    /// naming the operation, instead of accumulating a wrong-shaped gradient somewhere upstream.
    /// </summary>
    private static void CheckGradient(Node node, int k, Tensor input, Tensor inputGrad)
    {
        if (inputGrad.Shape != input.Shape || inputGrad.DType != input.DType)
        {
            throw new InvalidOperationException(
                $"Backward: {node.Name} returned a gradient of shape {inputGrad.Shape} ({inputGrad.DType}) for " +
                $"input {k}, which has shape {input.Shape} ({input.DType}); a gradient must have its input's shape " +
                "and dtype.");
        }
    }

    /// <summary>Clears the accumulated gradient to zeros in place (or leaves it null if there is none).</summary>
    public void ZeroGrad() => Grad?.FillInPlace(0);

    /// <summary>Adds <paramref name="grad"/> to this leaf's <see cref="Grad"/>, creating it outside every
    /// scope.</summary>
    private void AccumulateGrad(Tensor grad)
    {
        if (Grad is null)
        {
            using (TensorScope.Suspend())
            {
                Grad = grad.Clone();
            }
        }
        else
        {
            Grad.Backend.Binary(Backends.BinaryOp.Add, Grad.Buffer, grad.Buffer, Grad.Buffer,
                Backends.BroadcastLayout.For(Grad.Shape, Grad.Shape, grad.Shape));
        }
    }

    /// <summary>
    /// The tensors that lead to <paramref name="root"/>, inputs before outputs, found with an explicit stack so a
    /// chain of any length backpropagates without a stack overflow (micrograd recurses; we must not).
    /// </summary>
    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor Tensor, bool Expanded)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (tensor, expanded) = stack.Pop();
            if (expanded)
            {
                order.Add(tensor);
                continue;
            }

            if (!visited.Add(tensor))
            {
                continue;
            }

            stack.Push((tensor, true));
            foreach (var input in tensor.GradFn?.Inputs ?? [])
            {
                if (input.RequiresGrad && !visited.Contains(input))
                {
                    stack.Push((input, false));
                }
            }
        }

        return order;
    }

    /// <summary>
    /// Records <paramref name="output"/> as computed from <paramref name="inputs"/> by <paramref name="name"/>,
    /// when grad mode is on and some input requires grad.
    /// </summary>
    internal static Tensor Record(string name, Tensor output, Tensor[] inputs, BackwardRule rule)
    {
        if (!GradMode.IsEnabled || !inputs.Any(t => t.RequiresGrad))
        {
            return output;
        }

        output.requiresGrad = true;
        output.GradFn = new Node(name + "Backward", inputs, rule);
        return output;
    }
}
