namespace Lessons.Data;

/// <summary>Transforms of image batches in torch's (N, C, H, W) layout, for a <see cref="DataLoader"/>.</summary>
public static class ImageTransforms
{
    /// <summary>
    /// torchvision's <c>Resize((height, width))</c> on a batch (N, C, H, W) or (N, H, W): bilinear, antialiased
    /// when shrinking (see <see cref="BilinearResize"/>). Done on the host: the batch is read back, resized and
    /// put on its backend again, as torchvision resizes on the CPU before the batch reaches the device.
    /// </summary>
    /// <returns>A new Float32 tensor on <paramref name="images"/>' backend; the caller disposes it.</returns>
    public static Tensor Resize(Tensor images, int height, int width)
    {
        if (images.Rank is not (3 or 4) || images.DType != DType.Float32)
        {
            throw new ArgumentException(
                $"Resize: expected a Float32 batch of images (N, C, H, W) or (N, H, W), got {images.DType} " +
                $"{images.Shape}.");
        }

        var dims = images.Shape.ToArray();
        var (h, w) = (dims[^2], dims[^1]);
        var planes = images.Numel / (h * w);
        var resized = new float[planes * height * width];
        BilinearResize.Resize(images.ToArray<float>(), planes, h, w, resized, height, width);
        dims[^2] = height;
        dims[^1] = width;
        return Tensor.FromArray(resized, new Shape(dims), images.Backend);
    }

    /// <summary>
    /// torchvision's functional <c>normalize(images, mean, std)</c>: each channel c becomes (x − mean[c]) / std[c]
    /// (see <see cref="Data.Normalize"/>).
    /// </summary>
    /// <returns>A new tensor on <paramref name="images"/>' backend; the caller disposes it.</returns>
    public static Tensor Normalize(Tensor images, IReadOnlyList<double> mean, IReadOnlyList<double> std) =>
        new Data.Normalize(mean, std).Forward(images);
}
