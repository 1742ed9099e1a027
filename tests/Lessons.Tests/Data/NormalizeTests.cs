using Lessons.Data;
using Lessons.Tests.Support;

namespace Lessons.Tests.Data;

/// <summary>
/// Normalize against torchvision's semantics, on every backend: the expected values were printed by PyTorch 1.13
/// (<c>(x - torch.tensor(mean).view(-1, 1, 1)) / torch.tensor(std).view(-1, 1, 1)</c> in float32, which is what
/// <c>transforms.Normalize</c> computes).
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class NormalizeTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void The_notes_mnist_normalisation_matches_torch_bit_for_bit()
    {
        using var images = F32([0f, 1 / 255f, 128 / 255f, 1f], 1, 1, 2, 2);

        using var normalized = Normalize.Mnist.Forward(images);

        normalized.Shape.Should().Equal(1, 1, 2, 2);
        normalized.ToArray<float>().Should().Equal(-0.4242129623889923f, -0.4114847183227539f, 1.2050011157989502f,
            2.821486711502075f);
    }

    [Test]
    public void Each_channel_gets_its_own_mean_and_std()
    {
        using var images = F32([.. Enumerable.Range(0, 24).Select(i => i / 23f)], 2, 3, 2, 2);
        var cifar = new Normalize([0.4914, 0.4822, 0.4465], [0.2470, 0.2435, 0.2616]);

        using var normalized = cifar.Forward(images);

        normalized.Should().BeAllClose(F32(
        [
            -1.9894737005233765f, -1.813448429107666f, -1.637423038482666f, -1.461397647857666f,
            -1.2660655975341797f, -1.087510108947754f, -0.9089545607566833f, -0.7303991317749023f,
            -0.3771938681602478f, -0.21099258959293365f, -0.0447913222014904f, 0.1214100643992424f,
            0.12283045798540115f, 0.2988557517528534f, 0.4748810827732086f, 0.6509066224098206f,
            0.8766003847122192f, 1.055155873298645f, 1.2337112426757812f, 1.412266731262207f,
            1.617221713066101f, 1.7834231853485107f, 1.9496245384216309f, 2.115825891494751f,
        ], 2, 3, 2, 2), 0, 1e-6);
        ImageTransforms.Normalize(images, [0.4914, 0.4822, 0.4465], [0.2470, 0.2435, 0.2616])
            .Should().BeAllClose(normalized, 0, 0);
    }

    [Test]
    public void A_single_image_and_float64_work_and_no_gradient_is_recorded()
    {
        using var image = F64([0.0, 0.5, 1.0, 0.25], 1, 2, 2);
        image.RequiresGrad = true;

        using var normalized = new Normalize([0.5], [0.25]).Forward(image);

        normalized.DType.Should().Be(DType.Float64);
        normalized.ToArray<double>().Should().Equal(-2.0, 0.0, 2.0, -1.0);
        normalized.RequiresGrad.Should().BeFalse("a data transform is not part of the model");
    }

    [Test]
    public void Wrong_inputs_are_refused_naming_what_was_expected()
    {
        using var flat = F32([0.5f, 0.5f], 1, 2);
        using var labels = I32([1, 2, 3, 4], 1, 1, 2, 2);
        using var threeChannels = F32(new float[12], 1, 3, 2, 2);

        FluentActions.Invoking(() => Normalize.Mnist.Forward(flat)).Should().Throw<ArgumentException>()
            .WithMessage("Normalize: expected a tensor image of size (..., C, H, W), got (1x2).");
        FluentActions.Invoking(() => Normalize.Mnist.Forward(labels)).Should().Throw<ArgumentException>()
            .WithMessage("Normalize: expected a Float32 or Float64 tensor of images, got Int32.");
        FluentActions.Invoking(() => new Normalize([0.1, 0.2], [0.3]).Forward(threeChannels))
            .Should().Throw<ArgumentException>()
            .WithMessage("Normalize: 2 mean values (0.1, 0.2) for 3 channels in (1x3x2x2); expected one per " +
                "channel, or one for all.");
        FluentActions.Invoking(() => new Normalize([0.5], [0.0])).Should().Throw<ArgumentException>()
            .WithMessage("Normalize: std (0) has a zero; every channel would be divided by zero.");
        FluentActions.Invoking(() => new Normalize([0.5], [1e-50]).Forward(threeChannels))
            .Should().Throw<ArgumentException>().WithMessage("*evaluated to zero after conversion to Float32*");
        new Normalize([0.1307], [0.3081]).ToString().Should().Be("Normalize(mean=[0.1307], std=[0.3081])");
    }

    [Test]
    public void A_loader_normalises_every_batch_it_draws()
    {
        using var images = F32([0f, 1f, 0.5f, 0.25f], 4, 1, 1, 1);
        using var labels = I32([0, 1, 2, 3], 4);
        var normalize = new Normalize([0.5], [0.5]);
        var loader = new DataLoader(new TensorDataset(images, labels), 2, featureTransform: normalize);

        var batches = loader.Select(b =>
        {
            using (b)
            {
                return b[0].ToArray<float>();
            }
        }).ToList();

        batches.SelectMany(b => b).Should().Equal(-1f, 1f, 0f, -0.5f);
    }
}
