namespace Lessons.Autograd;

/// <summary>Maps the gradient of an operation's output to the gradients of its inputs (null: no gradient).</summary>
public delegate Tensor?[] BackwardRule(Tensor outputGradient);

/// <summary>
/// One recorded operation of the graph (torch's grad_fn): its name, its inputs, and the rule that turns the
/// output's gradient into the inputs' gradients. Released after <see cref="Tensor.Backward"/> so the graph's
/// memory goes back at once.
/// </summary>
public sealed class Node
{
    internal Node(string name, Tensor[] inputs, BackwardRule rule)
    {
        Name = name;
        Inputs = inputs;
        Rule = rule;
    }

    /// <summary>The operation's name, as torch prints it in grad_fn (e.g. "MulBackward").</summary>
    public string Name { get; }

    /// <summary>The tensors the operation read.</summary>
    internal Tensor[] Inputs { get; private set; }

    internal BackwardRule? Rule { get; private set; }

    /// <summary>True once Backward has run through this node without retainGraph.</summary>
    public bool IsReleased => Rule is null;

    internal void Release()
    {
        Rule = null;
        Inputs = [];
    }
}
