using Lessons.Autograd;
using Lessons.Backends;
using Lessons.Memory;

namespace Lessons;

/// <summary>
/// An n-dimensional array living in a backend's buffer, with the autograd bookkeeping torch attaches to it:
/// whether it requires a gradient, its accumulated <see cref="Grad"/>, and the <see cref="Node"/> that made it.
/// </summary>
/// <remarks>
/// Tensors are always contiguous and row-major. <see cref="Reshape"/> and <see cref="Detach"/> share the
/// buffer (a view); every other operation writes a new one. Dispose a tensor, or create it inside a
/// <see cref="Scope"/>, to give device memory back without waiting for the garbage collector.
/// </remarks>
public sealed partial class Tensor : IDisposable
{
    private readonly Storage storage;
    private bool requiresGrad;
    private bool disposed;

    internal Tensor(DeviceBuffer buffer, Shape shape)
        : this(new Storage(buffer), shape)
    {
    }

    private Tensor(Storage storage, Shape shape)
    {
        if (storage.Buffer.Length != shape.Numel)
        {
            throw new ArgumentException(
                $"A buffer of {storage.Buffer.Length} elements cannot hold shape {shape} ({shape.Numel} elements).");
        }

        this.storage = storage;
        storage.AddReference();
        Shape = shape;
        TensorScope.Register(this);
    }

    /// <summary>The dimensions.</summary>
    public Shape Shape { get; }

    /// <summary>The element type.</summary>
    public DType DType => storage.Buffer.DType;

    /// <summary>The backend whose buffer holds the elements.</summary>
    public IBackend Backend => storage.Buffer.Backend;

    /// <summary>Number of elements.</summary>
    public int Numel => Shape.Numel;

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Rank;

    /// <summary>
    /// Whether gradients flow to this tensor. Set it on a leaf (a parameter) before the forward pass;
    /// results of operations on such tensors require grad by themselves.
    /// </summary>
    public bool RequiresGrad
    {
        get => requiresGrad;
        set
        {
            if (value && !DType.IsFloatingPoint())
            {
                throw new InvalidOperationException(
                    $"RequiresGrad: only floating-point tensors can require gradients, this one is {DType}.");
            }

            if (!value && GradFn is not null)
            {
                throw new InvalidOperationException(
                    "RequiresGrad: a tensor computed by an operation cannot stop requiring grad; use Detach().");
            }

            requiresGrad = value;
        }
    }

    /// <summary>The gradient accumulated by <see cref="Backward"/>, for leaves that require grad; null
    /// before.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>The operation that produced this tensor, or null for a leaf.</summary>
    public Node? GradFn { get; internal set; }

    /// <summary>True for tensors not produced by a recorded operation (inputs and parameters).</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>The scope that will release this tensor, if any.</summary>
    internal TensorScope? OwningScope { get; set; }

    /// <summary>The backend buffer holding the elements (shared with views); throws if the tensor was
    /// disposed.</summary>
    public DeviceBuffer Buffer
    {
        get
        {
            ThrowIfDisposed();
            return storage.Buffer;
        }
    }

    /// <summary>Whether <see cref="Dispose"/> has been called.</summary>
    public bool IsDisposed => disposed;

    /// <summary>
    /// Opens a scope that releases every tensor created inside it when disposed:
    /// <c>using var scope = Tensor.Scope();</c> around each training step.
    /// </summary>
    public static TensorScope Scope() => new();

    /// <summary>
    /// Turns off graph recording until disposed, like <c>with torch.no_grad():</c> — for parameter
    /// updates and evaluation.
    /// </summary>
    public static IDisposable NoGrad() => GradMode.Disable();

    /// <summary>A tensor sharing this one's elements but cut from the graph (torch's detach()).</summary>
    public Tensor Detach() => View(Shape);

    /// <summary>Releases this tensor's hold on its buffer; the buffer is freed when no view uses it.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        storage.RemoveReference();
    }

    /// <summary>A view with another shape over the same buffer; callers check the element count.</summary>
    private Tensor View(Shape shape)
    {
        // A view of a disposed tensor would reach the released buffer and fail with the buffer's own text.
        ThrowIfDisposed();
        return new(storage, shape);
    }

    private void ThrowIfDisposed()
    {
        if (disposed)
        {
            // The usual cause: a tensor made inside a Tensor.Scope() (a training step) used after it ended.
            throw new ObjectDisposedException(nameof(Tensor),
                $"This {Shape} tensor was disposed, by Dispose() or by the Tensor.Scope() it was created in; " +
                "keep it with scope.Keep(tensor) or create it outside the scope.");
        }
    }

    /// <summary>
    /// A new tensor on <paramref name="backend"/> whose elements are not initialized (torch.empty): for outputs an
    /// operation writes in full. <paramref name="zeroed"/> asks for zeros instead.
    /// </summary>
    internal static Tensor Empty(Shape shape, DType dtype, IBackend backend, bool zeroed = false)
    {
        if (!backend.Supports(dtype))
        {
            throw new NotSupportedException(
                $"Backend '{backend.Name}' ({backend.DeviceName}) does not support {dtype} tensors.");
        }

        return new Tensor(backend.Allocate(dtype, shape.Numel, zeroed), shape);
    }

    /// <summary>A buffer shared by a tensor and its views, freed when the last one is disposed.</summary>
    private sealed class Storage(DeviceBuffer buffer)
    {
        private int references;

        public DeviceBuffer Buffer { get; } = buffer;

        public void AddReference() => references++;

        public void RemoveReference()
        {
            if (--references == 0)
            {
                Buffer.Dispose();
            }
        }
    }
}
