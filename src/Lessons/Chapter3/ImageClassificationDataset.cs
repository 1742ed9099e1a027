using System.Globalization;
using Lessons.Data;
using Lessons.Figures;
using Lessons.Framework;
using Lessons.Random;
using Timer = Lessons.Framework.Timer;

namespace Lessons.Chapter3;

/// <summary>
/// The image classification dataset — d2l 0.17 §3.5 / current edition §4.2: Fashion-MNIST's 60,000 training and
/// 10,000 test images of 28 × 28 pixels in 10 classes, their text labels, a grid of examples, how long reading one
/// epoch takes, and resizing.
/// </summary>
public sealed class ImageClassificationDataset : ILesson
{
    /// <inheritdoc/>
    public string Name => "image-dataset";

    /// <inheritdoc/>
    public string Title => "The image classification dataset";

    /// <inheritdoc/>
    public string Sections => "3.5 / 4.2";

    /// <inheritdoc/>
    public IReadOnlyList<string> Datasets => LessonDatasets.Grayscale28;

    /// <inheritdoc/>
    public LessonResult Run(LessonContext context)
    {
        var c = CultureInfo.InvariantCulture;
        var timer = new Timer();
        var data = LessonData.Images(context);
        var loadSeconds = timer.Stop();
        var (train, test) = (data.Train, data.Test);
        context.Report.Say($"{data.Location}");
        context.Report.Say($"len(mnist_train) = {train.Count}, len(mnist_test) = {test.Count}");
        context.Report.Say($"mnist_train[0][0].shape = ({string.Join(", ", train.Tensors[0].Shape.Skip(1))})");
        context.Report.Value("seconds to read and decode both sets", loadSeconds);

        context.Report.Section("Text labels and the first 18 training images");
        using (Tensor.Scope())
        {
            // <doc:show-images>
            using var first = Tensor.FromArray(Enumerable.Range(0, 18).ToArray(), context.Backend);
            var X = train.Tensors[0].IndexSelect(0, first);
            var y = train.Tensors[1].IndexSelect(0, first).ToArray<int>();
            var labels = data.TextLabels(y);
            context.Report.Say($"labels: {string.Join(", ", labels)}");
            var path = Path.Combine(context.OutputDirectory(Name), "first-18.svg");
            ImageDisplay.ShowImages(X.Reshape(18, 28, 28), 2, 9, labels).Save(path);
            // </doc:show-images>
            context.Report.Figure(path, "the first 18 training images with their labels");
        }

        context.Report.Section("Reading minibatches");
        var batchSize = context.Options.BatchSize ?? 256;
        // <doc:read-minibatches>
        var loader = new DataLoader(context.Options.Quick ? LessonData.Head(train, 10000) : train, batchSize,
            shuffle: true, generator: new Generator(context.Options.Seed));
        timer.Start();
        var batches = 0;
        foreach (var batch in loader)
        {
            using (batch)
            {
                batches++;
            }
        }
        // </doc:read-minibatches>

        var epochSeconds = timer.Stop();
        context.Report.Say(string.Create(c,
            $"one epoch of {batches} shuffled batches of {batchSize}: {epochSeconds:F2} s " +
            $"(the book: about 2.4 s with 4 workers)"));

        context.Report.Section("Resizing");
        // <doc:resize>
        var (resizedIter, _) = data.Loaders(32, resize: 64, new Generator(context.Options.Seed));
        using var resized = resizedIter.First();
        // </doc:resize>
        context.Report.Say($"load_data_fashion_mnist(32, resize=64): X {resized[0].Shape}, y {resized[1].Shape}");
        return new LessonResult
        {
            ["lesson"] = Name,
            ["train_examples"] = train.Count,
            ["test_examples"] = test.Count,
            ["load_seconds"] = loadSeconds,
            ["epoch_read_seconds"] = epochSeconds,
            ["resized_shape"] = resized[0].Shape.ToArray(),
        };
    }
}
