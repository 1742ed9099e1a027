using System.IO.Compression;
using System.Security.Cryptography;
using System.Xml.Linq;
using Lessons.Data;
using Lessons.Figures;
using Lessons.Random;
using Lessons.Tests.Support;

namespace Lessons.Tests.Data;

/// <summary>
/// The real dataset, from Debian's dataset-fashion-mnist (the setup script installs it). Without it the fixture is
/// ignored on a developer's machine and fails in CI, where a silent skip would hide a missing install step.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class FashionMnistTests(string backend) : BackendFixture(backend)
{
    private const string Folder = "/usr/share/datasets/fashion-mnist";
    private ImageDataset data = null!;

    [OneTimeSetUp]
    public void LoadOnce()
    {
        if (!File.Exists(Path.Combine(Folder, "train-images-idx3-ubyte.gz")))
        {
            var why = $"Fashion-MNIST is not installed in {Folder}: sudo apt-get install dataset-fashion-mnist";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(why);
            }

            Assert.Ignore(why);
        }

        // Only the system folder: the test must not depend on the user's environment or cache.
        data = FashionMnist.Load(new DataSearch { SystemFolders = [Folder], Download = false }, Device);
    }

    [OneTimeTearDown]
    public void Free() => data?.Dispose();

    [Test]
    public void Has_60000_training_and_10000_test_images_of_1x28x28_in_0_1()
    {
        data.Train.Count.Should().Be(60000);
        data.Test.Count.Should().Be(10000);
        data.Train.Tensors[0].Shape.Should().Equal(60000, 1, 28, 28);
        data.Test.Tensors[0].Shape.Should().Equal(10000, 1, 28, 28);
        data.Train.Tensors[0].DType.Should().Be(DType.Float32);
        data.Train.Tensors[1].DType.Should().Be(DType.Int32);
        var pixels = data.Test.Tensors[0].ToArray<float>();
        pixels.Min().Should().Be(0f);
        pixels.Max().Should().Be(1f);
    }

    [Test]
    public void LoadDataFashionMnist_gives_d2l_train_and_test_iterators_with_a_resize()
    {
        var (trainIter, testIter) = FashionMnist.LoadDataFashionMnist(
            32, resize: 64, generator: new Random.Generator(0), path: Folder, offline: true, backend: Device);

        trainIter.Count.Should().Be(60000 / 32);
        testIter.Count.Should().Be(313); // the last test batch holds the 16 left over
        using var batch = trainIter.First();
        batch[0].Shape.Should().Equal(32, 1, 64, 64);
        batch[1].Shape.Should().Equal(32);
    }

    [Test]
    public void Every_class_has_6000_training_and_1000_test_images()
    {
        Histogram(data.Train.Tensors[1]).Should().Equal(Enumerable.Repeat(6000, 10));
        Histogram(data.Test.Tensors[1]).Should().Equal(Enumerable.Repeat(1000, 10));
    }

    [Test]
    public void The_first_training_image_is_an_ankle_boot()
    {
        var first = data.Train.Tensors[1].ToArray<int>()[0];

        first.Should().Be(9);
        FashionMnist.GetFashionMnistLabels([first]).Should().Equal("ankle boot");
        FashionMnist.GetFashionMnistLabels(Enumerable.Range(0, 10)).Should().Equal(
            "t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot");
    }

    [Test]
    public void The_decompressed_sha256_of_every_file_is_verified()
    {
        data.Location.Source.Kind.Should().Be(DataSourceKind.SystemPackage);
        data.Location.Checks.Should().HaveCount(4).And.OnlyContain(c => c.Contains("verified"));

        // Independently of the loader: gunzip each file and hash it.
        foreach (var file in DatasetSpec.FashionMnist.Files)
        {
            using var gzip = new GZipStream(
                File.OpenRead(Path.Combine(Folder, file.GzipName)), CompressionMode.Decompress);
            using var bytes = new MemoryStream();
            gzip.CopyTo(bytes);
            bytes.Length.Should().Be(file.Length);
            Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray())).Should().Be(file.Sha256, file.Name);
        }
    }

    [Test]
    public void The_first_image_holds_its_bytes_divided_by_255()
    {
        using var gzip = new GZipStream(
            File.OpenRead(Path.Combine(Folder, "train-images-idx3-ubyte.gz")), CompressionMode.Decompress);
        var head = new byte[16 + 784];
        gzip.ReadExactly(head);

        using var index = I32([0], 1);
        using var first = data.Train.Tensors[0].IndexSelect(0, index);

        first.ToArray<float>().Should().Equal(head[16..].Select(b => b / 255f));
    }

    [Test]
    public void A_batch_of_32_resized_to_64_is_32x1x64x64()
    {
        var (trainIter, testIter) = data.Loaders(32, resize: 64, generator: new Generator(0));

        using var batch = trainIter.First();
        batch[0].Shape.Should().Equal(32, 1, 64, 64);
        batch[1].Shape.Should().Equal(32);
        testIter.Count.Should().Be(313);
    }

    [Test]
    public void The_first_18_images_show_as_an_svg_grid_with_their_labels()
    {
        using var index = I32([.. Enumerable.Range(0, 18)], 18);
        using var X = data.Train.Tensors[0].IndexSelect(0, index);
        using var y = data.Train.Tensors[1].IndexSelect(0, index);

        var figure = ImageDisplay.ShowImages(
            X.Reshape(18, 28, 28), 2, 9, FashionMnist.GetFashionMnistLabels(y.ToArray<int>()));

        XNamespace svg = "http://www.w3.org/2000/svg";
        var document = XDocument.Parse(figure.Svg);
        document.Descendants(svg + "image").Should().HaveCount(18);
        document.Descendants(svg + "text").First().Value.Should().Be("ankle boot");
    }

    private static int[] Histogram(Tensor labels)
    {
        var counts = new int[10];
        foreach (var label in labels.ToArray<int>())
        {
            counts[label]++;
        }

        return counts;
    }
}
