namespace Lessons.Data;

/// <summary>
/// One minibatch: a new tensor per dataset tensor, with the batch's rows. Deconstructs like d2l's
/// <c>for X, y in train_iter</c>: <c>foreach (var (X, y) in trainIter)</c>. The tensors are the consumer's:
/// dispose them (or the batch) when the step is done, or the device memory waits for the collector.
/// </summary>
public sealed class Batch : IDisposable
{
    private readonly Tensor[] tensors;

    internal Batch(Tensor[] tensors)
    {
        this.tensors = tensors;
    }

    /// <summary>The batch's tensors, in the dataset's order.</summary>
    public IReadOnlyList<Tensor> Tensors => tensors;

    /// <summary>Number of examples in this batch (the last one may be short).</summary>
    public int Count => tensors[0].Shape[0];

    /// <summary>The <paramref name="index"/>-th tensor.</summary>
    public Tensor this[int index] => tensors[index];

    /// <summary>Features and labels: <c>var (X, y) = batch</c>.</summary>
    public void Deconstruct(out Tensor X, out Tensor y)
    {
        if (tensors.Length != 2)
        {
            throw new InvalidOperationException(
                $"Batch: deconstructing into (X, y) needs 2 tensors, this batch has {tensors.Length}.");
        }

        X = tensors[0];
        y = tensors[1];
    }

    /// <summary>Disposes every tensor of the batch.</summary>
    public void Dispose()
    {
        foreach (var t in tensors)
        {
            t.Dispose();
        }
    }
}
