namespace Lessons.Data;

/// <summary>
/// A set of images with their class labels, in host memory: pixels as floats in [0, 1], row-major
/// (count, channels, height, width), the layout torchvision's ToTensor gives a batch. Grayscale sets (MNIST,
/// Fashion-MNIST) have one channel, colour ones (CIFAR-10) three, stored channel by channel (CHW).
/// </summary>
public sealed class ImageSet
{
    /// <summary>Wraps <paramref name="images"/> (count·height·width floats, one channel) and their labels.</summary>
    public ImageSet(float[] images, int[] labels, int height, int width)
        : this(images, labels, 1, height, width)
    {
    }

    /// <summary>Wraps <paramref name="images"/> (count·channels·height·width floats) and their labels.</summary>
    public ImageSet(float[] images, int[] labels, int channels, int height, int width)
    {
        if (images.LongLength != (long)labels.Length * channels * height * width)
        {
            var shape = channels == 1 ? $"{height}x{width}" : $"{channels}x{height}x{width}";
            throw new ArgumentException(
                $"ImageSet: {images.Length} pixels do not make {labels.Length} images of {shape}.");
        }

        Images = images;
        Labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
    }

    /// <summary>The pixels, (count, channels, height, width) row-major, each in [0, 1].</summary>
    public float[] Images { get; }

    /// <summary>The class label of each image.</summary>
    public int[] Labels { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Colour channels of each image: 1 for grayscale, 3 for RGB.</summary>
    public int Channels { get; }

    /// <summary>Rows of each image.</summary>
    public int Height { get; }

    /// <summary>Columns of each image.</summary>
    public int Width { get; }

    /// <summary>The pixels of image <paramref name="index"/>, channel by channel.</summary>
    public ReadOnlySpan<float> Image(int index)
    {
        var size = Channels * Height * Width;
        return Images.AsSpan(index * size, size);
    }
}
