using Lessons.Data;
using Lessons.Tests.Support;
using static Lessons.Tests.Data.CifarTestFiles;

namespace Lessons.Tests.Data;

/// <summary>CIFAR-10 as tensors on every backend: small generated batch files, uploaded as (N, 3, H, W).</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class Cifar10DatasetTests(string backend) : BackendFixture(backend)
{
    private TempFolder root = null!;

    [SetUp]
    public void WriteFiles()
    {
        root = new TempFolder();
        WriteTiny(root["data"]);
    }

    [TearDown]
    public void DeleteFiles() => root.Dispose();

    [Test]
    public void Uploads_images_of_shape_n_3_h_w_with_int32_labels_and_names_them()
    {
        var search = new DataSearch { Path = root["data"], Download = false };
        using var data = Cifar10.Upload(Cifar10Loader.Load(TinySpec(), search), B);

        data.Train.Tensors[0].Shape.Should().Equal(10, 3, 2, 2);
        data.Train.Tensors[0].DType.Should().Be(DType.Float32);
        data.Test.Tensors[1].DType.Should().Be(DType.Int32);
        data.Test.Tensors[0].ToArray<float>().Should().Equal(
            Files()["test_batch.bin"].Where((_, i) => i % 13 != 0).Select(b => b / 255f));
        data.TextLabels(data.Train.Tensors[1].ToArray<int>()).Should().Equal(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
    }

    [Test]
    public void Loaders_draw_colour_batches_and_normalise_each_channel()
    {
        var search = new DataSearch { Path = root["data"], Download = false };
        using var data = Cifar10.Upload(Cifar10Loader.Load(TinySpec(), search), B);
        var normalize = new Normalize([0.5, 0.25, 0], [0.5, 0.25, 1]);

        var (_, testIter) = data.Loaders(2, normalize: normalize);

        using var batch = testIter.First();
        batch[0].Shape.Should().Equal(2, 3, 2, 2);
        var expected = Files()["test_batch.bin"].Where((_, i) => i % 13 != 0).Select((b, i) =>
            ((b / 255f) - (float)normalize.Mean[i % 12 / 4]) / (float)normalize.Std[i % 12 / 4]);
        batch[0].ToArray<float>().Should().Equal(expected);
    }
}
