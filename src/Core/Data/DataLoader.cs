using Lessons.Random;

namespace Lessons.Data;

/// <summary>
/// Minibatches over a <see cref="TensorDataset"/>, like torch's DataLoader as d2l's <c>load_array</c> uses it:
/// each enumeration is one epoch, reshuffled when <c>shuffle</c> is on, so the same loader serves every epoch.
/// With a seeded <see cref="Generator"/> the sequence of epochs is reproducible: a new loader with the same
/// seed gives the same batches in the same order, and each epoch a different order than the last.
/// </summary>
/// <remarks>
/// Batches are gathered where the data lives: the rows of a batch are picked by
/// <see cref="Tensor.IndexSelect"/> on the dataset's backend, so on a device the only upload of an epoch is its
/// permutation, batch by batch.
/// Each batch's tensors are new and belong to the consumer, who disposes them (see <see cref="Batch"/>).
/// </remarks>
public sealed class DataLoader : IEnumerable<Batch>
{
    private readonly Generator? generator;
    private readonly Func<Tensor, Tensor>? featureTransform;

    /// <summary>A loader of <paramref name="batchSize"/> examples per batch.</summary>
    /// <param name="dataset">The examples.</param>
    /// <param name="batchSize">Examples per batch; the last one may be shorter (see <paramref name="dropLast"/>).
    /// </param>
    /// <param name="shuffle">Draw a new random order every epoch (d2l's <c>is_train</c>).</param>
    /// <param name="dropLast">Leave out the last batch when it is short, as torch's <c>drop_last</c>.</param>
    /// <param name="generator">The source of the shuffles; a randomly seeded one when null.</param>
    /// <param name="featureTransform">Applied to each batch's first tensor (e.g. a resize); its input is
    /// disposed when it returns a new tensor.</param>
    public DataLoader(
        TensorDataset dataset,
        int batchSize,
        bool shuffle = false,
        bool dropLast = false,
        Generator? generator = null,
        Func<Tensor, Tensor>? featureTransform = null)
    {
        if (batchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(batchSize), $"DataLoader: batchSize must be > 0, got {batchSize}.");
        }

        Dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        this.generator = shuffle ? generator ?? new Generator(System.Random.Shared.Next()) : generator;
        this.featureTransform = featureTransform;
    }

    /// <summary>The dataset the batches come from.</summary>
    public TensorDataset Dataset { get; }

    /// <summary>Examples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether every epoch is reshuffled.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether a short last batch is left out.</summary>
    public bool DropLast { get; }

    /// <summary>Batches per epoch (torch's <c>len(loader)</c>).</summary>
    public int Count => DropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>One epoch of batches: the next permutation is drawn when the enumeration starts.</summary>
    public IEnumerator<Batch> GetEnumerator()
    {
        var order = EpochOrder();
        if (!Dataset.Backend.AcceptsConcurrentCalls)
        {
            for (var b = 0; b < Count; b++)
            {
                yield return Gather(Rows(order, b));
            }

            yield break;
        }

        // The next batch is gathered on another core while the caller trains on this one, as torch's DataLoader
        // does with worker processes. Gathering copies scattered rows out of the whole dataset (800 KB for a batch of
        // softmax regression), a third of that lesson's step when it was done in line.
        using var worker = new GatherThread();
        for (var b = 0; b < Count; b++)
        {
            // The first batch is gathered here: the thread has only just been created, and waiting for it could
            // leave it queued behind this one on the same core. Batches are gathered one at a time, so a feature
            // transform never runs twice at once.
            var batch = b == 0 ? Gather(Rows(order, 0)) : worker.Take();
            if (b + 1 < Count)
            {
                var next = b + 1;
                worker.Start(() => Gather(Rows(order, next)));
            }

            yield return batch;
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The example indices of batch number <paramref name="batch"/> of the epoch.</summary>
    private int[] Rows(int[] order, int batch)
    {
        var start = batch * BatchSize;
        return order.AsSpan(start, Math.Min(BatchSize, order.Length - start)).ToArray();
    }

    /// <summary>The example order of the next epoch; advances the generator when shuffling.</summary>
    private int[] EpochOrder() =>
        Shuffle ? generator!.Permutation(Dataset.Count) : [.. Enumerable.Range(0, Dataset.Count)];

    private Batch Gather(int[] rows)
    {
        // Only these indices cross to the device; the rows are copied there, by the dataset's backend.
        using var index = Tensor.FromArray(rows, new Shape(rows.Length), Dataset.Backend);
        var tensors = new Tensor[Dataset.Tensors.Count];
        for (var i = 0; i < tensors.Length; i++)
        {
            tensors[i] = Dataset.Tensors[i].IndexSelect(0, index);
        }

        if (featureTransform is not null)
        {
            Tensor transformed;
            try
            {
                transformed = featureTransform(tensors[0]);
            }
            catch
            {
                foreach (var tensor in tensors)
                {
                    tensor.Dispose(); // the caller never sees this batch, so no one else would free it
                }

                throw;
            }

            if (!ReferenceEquals(transformed, tensors[0]))
            {
                tensors[0].Dispose();
                tensors[0] = transformed;
            }
        }

        return new Batch(tensors);
    }
}
