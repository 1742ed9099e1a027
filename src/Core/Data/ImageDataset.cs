using Lessons.Backends;
using Lessons.Random;

namespace Lessons.Data;

/// <summary>
/// An image-classification dataset as tensors: training and test images of shape (N, C, H, W), Float32 in
/// [0, 1] (torchvision's ToTensor), with Int32 labels, on one backend. Owns its tensors: dispose it to free them.
/// <see cref="FashionMnist"/>, <see cref="Mnist"/> (C = 1) and <see cref="Cifar10"/> (C = 3) load one.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    private readonly Tensor[] owned;

    /// <summary>Uploads <paramref name="data"/>'s arrays to <paramref name="backend"/> (null: the current).</summary>
    public ImageDataset(IdxDataset data, IBackend? backend = null)
        : this(data.Spec, data.Train, data.Test, data.Location, backend)
    {
    }

    /// <summary>
    /// Uploads <paramref name="train"/> and <paramref name="test"/> to <paramref name="backend"/> (null: the
    /// current) as the dataset <paramref name="spec"/> names, read from <paramref name="location"/>.
    /// </summary>
    public ImageDataset(
        ImageDatasetSpec spec, ImageSet train, ImageSet test, DataLocation location, IBackend? backend = null)
    {
        Spec = spec;
        Location = location;
        backend ??= Backends.Backend.Current;
        owned = [.. Upload(train, backend), .. Upload(test, backend)];
        Train = new TensorDataset(owned[0], owned[1]);
        Test = new TensorDataset(owned[2], owned[3]);
    }

    /// <summary>Which dataset this is.</summary>
    public ImageDatasetSpec Spec { get; }

    /// <summary>Where the files were found and how they were verified (for <c>lessons info</c>).</summary>
    public DataLocation Location { get; }

    /// <summary>Training images (N, C, H, W) and labels (N).</summary>
    public TensorDataset Train { get; }

    /// <summary>Test images (N, C, H, W) and labels (N).</summary>
    public TensorDataset Test { get; }

    /// <summary>The text of each label, e.g. 9 → "ankle boot" for Fashion-MNIST (d2l's
    /// <c>get_fashion_mnist_labels</c>), 0 → "airplane" for CIFAR-10.</summary>
    public IReadOnlyList<string> TextLabels(IEnumerable<int> labels) => FashionMnist.TextLabels(Spec, labels);

    /// <summary>
    /// The training and test loaders of d2l's <c>load_data_fashion_mnist</c>: training batches reshuffled every
    /// epoch, test batches in order; with <paramref name="resize"/>, each batch is resized to
    /// <paramref name="resize"/>×<paramref name="resize"/> as it is drawn, then with <paramref name="normalize"/>
    /// normalised (torchvision's order: Resize, ToTensor, Normalize).
    /// </summary>
    public (DataLoader TrainIter, DataLoader TestIter) Loaders(
        int batchSize, int? resize = null, Generator? generator = null, Normalize? normalize = null)
    {
        Func<Tensor, Tensor>? transform = (resize, normalize) switch
        {
            (null, null) => null,
            (int size, null) => images => ImageTransforms.Resize(images, size, size),
            (null, { } n) => n.Forward,
            (int size, { } n) => images =>
            {
                using var resized = ImageTransforms.Resize(images, size, size);
                return n.Forward(resized);
            }
            ,
        };
        return (
            new DataLoader(Train, batchSize, shuffle: true, generator: generator, featureTransform: transform),
            new DataLoader(Test, batchSize, shuffle: false, featureTransform: transform));
    }

    /// <summary>Frees the four tensors.</summary>
    public void Dispose()
    {
        foreach (var t in owned)
        {
            t.Dispose();
        }
    }

    private static Tensor[] Upload(ImageSet set, IBackend backend) =>
    [
        Tensor.FromArray(set.Images, new Shape(set.Count, set.Channels, set.Height, set.Width), backend),
        Tensor.FromArray(set.Labels, new Shape(set.Count), backend),
    ];
}
