using System.CommandLine;
using System.Text.Json;
using Lessons.Cli;
using Lessons.Data;
using Lessons.Framework;
using Lessons.Tests.Data;

namespace Lessons.Tests.Cli;

/// <summary>
/// <c>--dataset</c>: refused where a lesson has no dataset to choose, and <c>lessons run mlp --dataset mnist</c>
/// running the seed notes' recipe on MNIST files the test generates (full-size IDX files of synthetic digits: the
/// real spec's lengths, no package ships MNIST), found through <c>MNIST_DIR</c>.
/// </summary>
[NonParallelizable]
public sealed class DatasetOptionTests
{
    private TempFolder root = null!;

    [OneTimeSetUp]
    public void WriteSyntheticMnist()
    {
        root = new TempFolder();
        var folder = Directory.CreateDirectory(root["mnist"]).FullName;
        foreach (var (name, count) in new[] { ("train", 60000), ("t10k", 10000) })
        {
            var labels = Enumerable.Range(0, count).Select(i => (byte)(i * 7 % 10)).ToArray();
            File.WriteAllBytes(Path.Combine(folder, $"{name}-images-idx3-ubyte"),
                IdxTestFiles.Idx(IdxReader.ImagesMagic, [count, 28, 28], Digits(labels)));
            File.WriteAllBytes(Path.Combine(folder, $"{name}-labels-idx1-ubyte"),
                IdxTestFiles.Idx(IdxReader.LabelsMagic, [count], labels));
        }
    }

    [OneTimeTearDown]
    public void Delete() => root.Dispose();

    /// <summary>Digit k as a bright bar across rows 2k+4 and 2k+5, its brightness varying from image to image.
    /// </summary>
    private static byte[] Digits(byte[] labels)
    {
        var pixels = new byte[labels.Length * 784];
        for (var i = 0; i < labels.Length; i++)
        {
            var row = (2 * labels[i]) + 4;
            pixels.AsSpan((i * 784) + (row * 28), 56).Fill((byte)(150 + (i % 100)));
        }

        return pixels;
    }

    private static (int Exit, string Output) Invoke(string? mnistDir, params string[] args)
    {
        var output = new StringWriter();
        var previousOut = Console.Out;
        var previousDir = Environment.GetEnvironmentVariable("MNIST_DIR");
        Environment.SetEnvironmentVariable("MNIST_DIR", mnistDir);
        Console.SetOut(output);
        try
        {
            var configuration = new InvocationConfiguration { Output = output, Error = output };
            return (LessonsCommand.Build().Parse(args).Invoke(configuration), output.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Environment.SetEnvironmentVariable("MNIST_DIR", previousDir);
        }
    }

    [Test]
    public void Mlp_on_mnist_runs_the_notes_recipe_normalised_printing_the_loss_every_100_batches()
    {
        var (exit, output) = Invoke(root["mnist"], "run", "mlp", "--dataset", "mnist", "--quick", "--offline",
            "--epochs", "2", "--json", "--out", root["out"]);

        exit.Should().Be(0, output);
        output.Should().Contain("MNIST: 6000 training and 2000 test images, Normalize(mean=[0.1307], std=[0.3081]) " +
            $"(MNIST from {root["mnist"]} (MNIST_DIR)");
        output.Should().Contain("The seed notes' MLP on MNIST, their recipe exactly");
        // 6000 images in batches of 64 are 94 batches: the notes print batches 0 of each epoch (100 would be the
        // 101st).
        output.Should().Contain("Epoch: 0 | Batch: 0 | Loss: 2.").And.Contain("Epoch: 1 | Batch: 0 | Loss: ");
        output.Should().NotContain("Batch: 100");
        var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]).RootElement;
        json.GetProperty("dataset").GetString().Should().Be("mnist");
        json.GetProperty("test_acc").GetDouble().Should().BeGreaterThan(0.95, "the synthetic digits are easy");
    }

    [Test]
    public void Mlp_on_mnist_without_the_files_says_where_it_looked()
    {
        Directory.CreateDirectory(root["empty"]);

        var (exit, output) = Invoke(root["empty"], "run", "mlp", "--dataset", "mnist", "--quick", "--offline",
            "--epochs", "1", "--out", root["out"]);

        exit.Should().Be(1);
        output.Should().Contain($"error: MNIST: {root["empty"]} (MNIST_DIR) lacks train-images-idx3-ubyte.gz, " +
            "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz.");
        output.Should().NotContain("   at ");
    }

    [TestCase("losses", "mnist", "--dataset mnist: lesson 'losses' has no dataset to choose; --dataset applies to " +
        "image-dataset, softmax-scratch, softmax-concise or mlp.")]
    [TestCase("linreg-scratch", "fashion-mnist", "--dataset fashion-mnist: lesson 'linreg-scratch' has no dataset")]
    [TestCase("mlp", "cifar-10", "--dataset cifar-10: lesson 'mlp' trains on fashion-mnist or mnist (default " +
        "fashion-mnist).")]
    [TestCase("softmax-scratch", "svhn", "--dataset svhn: lesson 'softmax-scratch' trains on fashion-mnist or mnist " +
        "(default fashion-mnist) ('svhn' is not a dataset; known: fashion-mnist, mnist or cifar-10).")]
    [TestCase("all", "cifar-10", "--dataset cifar-10: no lesson trains on it; the lessons accept fashion-mnist or " +
        "mnist.")]
    public void A_dataset_a_lesson_cannot_use_is_refused_before_anything_runs(string lesson, string dataset,
        string message)
    {
        var (exit, output) = Invoke(null, "run", lesson, "--dataset", dataset, "--out", root["out"]);

        exit.Should().Be(1);
        output.Should().StartWith("error: " + message);
    }

    [Test]
    public void The_image_lessons_take_both_28x28_datasets_and_the_others_none()
    {
        LessonCatalog.All.Where(l => l.Datasets.Count > 0).Select(l => l.Name)
            .Should().Equal("image-dataset", "softmax-scratch", "softmax-concise", "mlp");
        LessonCatalog.All.Where(l => l.Datasets.Count > 0)
            .Should().AllSatisfy(l => l.Datasets.Should().Equal("fashion-mnist", "mnist"));
        LessonDatasets.For(LessonCatalog.Find("losses")!, "mnist").Should().BeNull();
        LessonDatasets.For(LessonCatalog.Find("mlp")!, "mnist").Should().Be("mnist");
    }
}
