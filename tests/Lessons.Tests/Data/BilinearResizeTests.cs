using Lessons.Data;
using Lessons.Tests.Support;

namespace Lessons.Tests.Data;

public class BilinearResizeTests
{
    [Test]
    public void Enlarging_is_bilinear_with_half_pixel_centres_as_torch_align_corners_false()
    {
        // torch.nn.functional.interpolate([[0, 1], [2, 3]], size=4, mode="bilinear", align_corners=False):
        // source coordinates -0.25, 0.25, 0.75, 1.25 clamp to 0, 0.25, 0.75, 1, and the image is 2·row + col.
        var output = new float[16];

        BilinearResize.Resize([0, 1, 2, 3], 1, 2, 2, output, 4, 4);

        float[] at = [0, 0.25f, 0.75f, 1];
        output.Should().Equal(at.SelectMany(r => at.Select(c => (2 * r) + c)));
    }

    [Test]
    public void The_same_size_is_the_identity()
    {
        var image = Enumerable.Range(0, 28 * 28).Select(i => i / 784f).ToArray();
        var output = new float[image.Length];

        BilinearResize.Resize(image, 1, 28, 28, output, 28, 28);

        output.Should().Equal(image);
    }

    [Test]
    public void Shrinking_averages_over_a_widened_triangle_and_keeps_a_constant_image()
    {
        var output = new float[2];

        BilinearResize.Resize([0, 0, 1, 1], 1, 1, 4, output, 1, 2);
        // PIL's antialiased bilinear: output 0 weighs inputs 0, 1, 2 by 0.75, 0.75, 0.25 (normalised).
        output[0].Should().BeApproximately(0.25f / 1.75f, 1e-6f);
        output[1].Should().BeApproximately(1.5f / 1.75f, 1e-6f);

        var constant = new float[9];
        BilinearResize.Resize(Enumerable.Repeat(0.5f, 2 * 28 * 28).ToArray(), 2, 28, 28, new float[18], 3, 3);
        BilinearResize.Resize(Enumerable.Repeat(0.5f, 28 * 28).ToArray(), 1, 28, 28, constant, 3, 3);
        constant.Should().AllSatisfy(v => v.Should().BeApproximately(0.5f, 1e-6f));
    }

    [Test]
    public void A_batch_of_32_resized_to_64_has_shape_32_1_64_64()
    {
        using var images = Tensor.FromArray(new float[32 * 28 * 28], new Shape(32, 1, 28, 28), TestBackends.Cpu);

        using var resized = ImageTransforms.Resize(images, 64, 64);

        resized.Shape.Should().Equal(32, 1, 64, 64);
    }

    [Test]
    public void Pixels_become_floats_exactly_as_torch_divides_by_255()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var floats = new float[256];

        PixelConversion.ToUnitFloat(bytes, floats);

        floats.Should().Equal(bytes.Select(b => b / 255f));
        PixelConversion.ToUnitFloat(new ReadOnlyMemory<byte>([.. Enumerable.Repeat(bytes, 1000).SelectMany(b => b)]))
            .Should().Equal(Enumerable.Repeat(floats, 1000).SelectMany(f => f));
    }
}
