using Lessons.Backends;

namespace Lessons.Data;

/// <summary>
/// Tensors that share their first dimension, one example per row, like torch.utils.data.TensorDataset:
/// features and labels side by side. All live on one backend, where the <see cref="DataLoader"/> gathers
/// batches from them. The dataset does not own the tensors: whoever made them disposes them.
/// </summary>
public sealed class TensorDataset
{
    private readonly Tensor[] tensors;

    /// <summary>Wraps <paramref name="tensors"/>; each must have the same first dimension and backend.</summary>
    public TensorDataset(params Tensor[] tensors)
    {
        if (tensors.Length == 0)
        {
            throw new ArgumentException("TensorDataset: expected at least one tensor.");
        }

        foreach (var t in tensors)
        {
            if (t.Rank == 0 || t.Shape[0] != tensors[0].Shape[0])
            {
                throw new ArgumentException(
                    "TensorDataset: every tensor needs the same first dimension (one row per example); got shapes " +
                    string.Join(", ", tensors.Select(x => x.Shape.ToString())) + ".");
            }

            if (t.Backend != tensors[0].Backend)
            {
                throw new ArgumentException(
                    $"TensorDataset: tensors live on '{tensors[0].Backend.Name}' and '{t.Backend.Name}'; " +
                    "expected one backend (move them with To(backend)).");
            }
        }

        this.tensors = (Tensor[])tensors.Clone();
    }

    /// <summary>The tensors, in the order given.</summary>
    public IReadOnlyList<Tensor> Tensors => tensors;

    /// <summary>Number of examples: the common first dimension.</summary>
    public int Count => tensors[0].Shape[0];

    /// <summary>The backend the tensors live on.</summary>
    public IBackend Backend => tensors[0].Backend;
}
