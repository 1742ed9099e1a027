namespace Lessons.Memory;

/// <summary>
/// Releases every tensor created inside it, like TorchSharp's DisposeScope: wrap one training step in
/// <c>using var scope = Tensor.Scope();</c> and its temporaries (activations, gradients of the graph,
/// intermediate results) give their device memory back at the end of the step instead of waiting for the GC.
/// </summary>
/// <remarks>
/// Scopes nest per thread. A tensor that must outlive the scope is moved out with <see cref="Keep"/>.
/// Parameters and their <c>Grad</c> are created outside any scope and are never released by one.
/// </remarks>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic]
    private static TensorScope? current;

    private readonly TensorScope? parent;
    private readonly List<Tensor> owned = [];
    private bool disposed;

    internal TensorScope()
    {
        parent = current;
        current = this;
    }

    /// <summary>Number of tensors this scope will release.</summary>
    public int Count => owned.Count(t => t.OwningScope == this);

    /// <summary>Moves <paramref name="tensor"/> to the enclosing scope (or to no scope) so it survives this
    /// one.</summary>
    public Tensor Keep(Tensor tensor)
    {
        if (tensor.OwningScope == this)
        {
            tensor.OwningScope = null;
            parent?.Adopt(tensor);
        }

        return tensor;
    }

    /// <summary>Releases every tensor still owned by this scope and makes the enclosing scope current.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (current != this)
        {
            throw new InvalidOperationException(
                "TensorScope: scopes must be disposed in the reverse order of creation (use 'using').");
        }

        current = parent;
        foreach (var tensor in owned)
        {
            if (tensor.OwningScope == this)
            {
                tensor.Dispose();
            }
        }

        owned.Clear();
    }

    /// <summary>Registers a new tensor with the innermost scope, if any.</summary>
    internal static void Register(Tensor tensor) => current?.Adopt(tensor);

    /// <summary>Suspends every scope until disposed: tensors created meanwhile belong to no scope.</summary>
    internal static IDisposable Suspend()
    {
        var saved = current;
        current = null;
        return new Resume(saved);
    }

    private void Adopt(Tensor tensor)
    {
        tensor.OwningScope = this;
        owned.Add(tensor);
    }

    private sealed class Resume(TensorScope? saved) : IDisposable
    {
        public void Dispose() => current = saved;
    }
}
