using System.Globalization;
using Lessons.Chapter3;
using Lessons.Data;
using Lessons.Framework;
using Lessons.Losses;
using Lessons.NN;
using Lessons.Optim;
using Lessons.Random;

namespace Lessons.Chapter6;

// The seed notes' demo: the CIFAR-10 network, one batch, one backward pass, and the gradients it leaves behind.
public sealed partial class LeNet
{
    private static void NotesCnn(LessonContext context, Generator generator, LessonResult result)
    {
        var report = context.Report;
        report.Section("The seed notes' CIFAR-10 network: forward, loss, Backward() and the gradients it leaves");
        var net = CreateNotesCnn(generator);
        report.Say(string.Create(CultureInfo.InvariantCulture, $"net = {net}"));
        var cifar = LoadCifar10(context, out var absent);
        using var scope = Tensor.Scope();
        Tensor X, y;
        if (cifar is null)
        {
            report.Say($"{absent}\nSo the demo uses a seeded random batch of the same shape, " +
                "64 images of 3x32x32 in [0, 1] with random labels.");
            X = Tensor.Uniform(0, 1, [64, 3, 32, 32], generator);
            y = Tensor.FromArray(Enumerable.Range(0, 64).Select(_ => generator.NextInt(10)).ToArray());
        }
        else
        {
            // The notes read the test set in batches of 64 (DataLoader(dataset, batch_size=64)): its first batch.
            using var batch = new DataLoader(cifar.Test, 64).First();
            (X, y) = (batch[0].Clone(), batch[1].Clone());
            var labels = cifar.TextLabels(y.ToArray<int>()).Take(8);
            report.Say($"the first batch of CIFAR-10's test set: {string.Join(", ", labels)}, …");
        }

        // <doc:one-backward>
        var (loss, table) = OneBackward(net, X, y);
        // </doc:one-backward>
        report.Say(string.Create(CultureInfo.InvariantCulture, $"loss = {loss:F4} (ln 10 = 2.3026 for a guess)"));
        report.Say(FormatTable(table));
        result["notes_cnn_loss"] = loss;
        result["notes_cnn_parameters"] = table.Count;

        if (cifar is not null)
        {
            TrainNotesCnn(context, net, cifar, result);
        }
    }

    /// <summary>The table of parameters: name, shape, ‖grad‖ before (None: no gradient yet) and after.</summary>
    public static string FormatTable(IReadOnlyList<ParameterGradient> table)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string> { $"{"parameter",-10} {"shape",-14} {"‖grad‖ before",14} {"‖grad‖ after",14}" };
        lines.AddRange(table.Select(row => string.Create(c,
            $"{row.Name,-10} {row.Shape.ToString(),-14} " +
            $"{(row.NormBefore is { } b ? b.ToString("G6", c) : "None"),14} {row.NormAfter,14:G6}")));
        return string.Join('\n', lines);
    }

    /// <summary>
    /// CIFAR-10 on the lesson's backend, or null with the reason it is absent: the one place the lesson loads it.
    /// </summary>
    private static ImageDataset? LoadCifar10(LessonContext context, out string absent)
    {
        // A quick run (the test command's) never downloads the 170 MB archive; a full run fetches it as the notes'
        // torchvision.datasets.CIFAR10(download=True) does, unless --offline.
        try
        {
            absent = "";
            return Cifar10.Load(offline: context.Options.Offline || context.Options.Quick, backend: context.Backend);
        }
        catch (DatasetException e)
        {
            absent = e.Message;
            return null;
        }
    }

    /// <summary>A short training of the notes' network: SGD lr 0.01, batch 64, one epoch (a slice if quick).</summary>
    private static void TrainNotesCnn(LessonContext context, Sequential net, ImageDataset cifar, LessonResult result)
    {
        var o = context.Options;
        var generator = new Generator(o.Seed);
        var train = o.Quick ? LessonData.Head(cifar.Train, 2000) : cifar.Train;
        var test = o.Quick ? LessonData.Head(cifar.Test, 1000) : cifar.Test;
        var trainIter = new DataLoader(train, 64, shuffle: true, generator: generator);
        var testIter = new DataLoader(test, 64);
        var loss = new CrossEntropyLoss(reduction: Reduction.None);
        var updater = new OptimizerUpdater(new Sgd(net.Parameters(), 0.01));
        net.ZeroGrad();
        var training = SoftmaxRegressionScratch.Train(net.Forward, trainIter, testIter, loss.Forward,
            o.Epochs is { } e ? Math.Min(e, 5) : 1, updater, context, "lenet", "train-cifar10.svg");
        result["cifar10_test_acc"] = training.Last.TestAcc;
    }
}
