namespace Lessons.Data;

/// <summary>
/// A dataset of IDX files read into host memory: train and test images as floats in [0, 1] with their labels,
/// and where they came from. <see cref="DatasetLoader.Load"/> makes one; the tensor-facing
/// <c>FashionMnist</c> wraps it.
/// </summary>
/// <param name="Spec">Which dataset.</param>
/// <param name="Train">The training set.</param>
/// <param name="Test">The test set.</param>
/// <param name="Location">Where the files were found and how they were verified.</param>
public sealed record IdxDataset(DatasetSpec Spec, ImageSet Train, ImageSet Test, DataLocation Location);
