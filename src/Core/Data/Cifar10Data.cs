namespace Lessons.Data;

/// <summary>
/// CIFAR-10 read into host memory: train and test images (N, 3, 32, 32) as floats in [0, 1] with their labels,
/// and where they came from. <see cref="Cifar10Loader.Load"/> makes one; <see cref="Cifar10"/> puts it on a
/// backend.
/// </summary>
/// <param name="Spec">Which dataset (the real one, or a small one in tests).</param>
/// <param name="Train">The training set: the five training batches in order.</param>
/// <param name="Test">The test set.</param>
/// <param name="Location">Where the files were found and how they were checked.</param>
public sealed record Cifar10Data(Cifar10Spec Spec, ImageSet Train, ImageSet Test, DataLocation Location);
