namespace Lessons.Data;

/// <summary>
/// A set of grayscale images with their class labels, in host memory: pixels as floats in [0, 1], row-major
/// (count, height, width), the layout torchvision's ToTensor gives a batch of (count, 1, height, width).
/// </summary>
public sealed class ImageSet
{
    /// <summary>Wraps <paramref name="images"/> (count·height·width floats) and their labels.</summary>
    public ImageSet(float[] images, int[] labels, int height, int width)
    {
        if (images.LongLength != (long)labels.Length * height * width)
        {
            throw new ArgumentException(
                $"ImageSet: {images.Length} pixels do not make {labels.Length} images of {height}x{width}.");
        }

        Images = images;
        Labels = labels;
        Height = height;
        Width = width;
    }

    /// <summary>The pixels, (count, height, width) row-major, each in [0, 1].</summary>
    public float[] Images { get; }

    /// <summary>The class label of each image.</summary>
    public int[] Labels { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Rows of each image.</summary>
    public int Height { get; }

    /// <summary>Columns of each image.</summary>
    public int Width { get; }

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Image(int index) => Images.AsSpan(index * Height * Width, Height * Width);
}
