using System.Globalization;
using Lessons.Chapter3;
using Lessons.Data;
using Lessons.Figures;
using Lessons.Framework;
using Lessons.Losses;
using Lessons.NN;
using Lessons.Optim;
using Lessons.Random;

namespace Lessons.Chapter6;

// The lesson's story, section by section of the book.
public sealed partial class LeNet
{
    /// <inheritdoc/>
    public LessonResult Run(LessonContext context)
    {
        var o = context.Options;
        var generator = new Generator(o.Seed);
        var result = new LessonResult { ["lesson"] = Name };
        ShowCrossCorrelation(context, generator, result);
        ShowPaddingStrideAndPooling(context);
        var training = TrainLeNet(context, generator);
        foreach (var (key, value) in training.ToLessonResult(Name, training.Epochs.Count))
        {
            result[key] = value;
        }

        NotesCnn(context, generator, result);
        return result;
    }

    private static void ShowCrossCorrelation(LessonContext context, Generator generator, LessonResult result)
    {
        var report = context.Report;
        report.Section("§6.2 The cross-correlation, written out (corr2d) and as Conv2d");
        using (Tensor.Scope())
        {
            // <doc:corr2d-example>
            var X = Tensor.FromArray(new float[,] { { 0, 1, 2 }, { 3, 4, 5 }, { 6, 7, 8 } });
            var K = Tensor.FromArray(new float[,] { { 0, 1 }, { 2, 3 } });
            report.Say($"corr2d(X, K) =\n{Corr2d(X, K)}");
            var Y = X.Reshape(1, 1, 3, 3).Conv2d(K.Reshape(1, 1, 2, 2));
            report.Say($"X.Conv2d(K) on (1, 1, 3, 3) and (1, 1, 2, 2) =\n{Y}");
            // </doc:corr2d-example>
        }

        report.Section("§6.2.3 Edge detection, and §6.2.4 learning the kernel by gradient descent");
        using (Tensor.Scope())
        {
            // <doc:edges>
            var X = EdgeImage();
            var K = Tensor.FromArray(new float[,] { { 1, -1 } });
            var Y = Corr2d(X, K);
            report.Say($"X =\n{X}\nY = corr2d(X, [[1, -1]]): 1 for white→black, −1 for black→white\n{Y}");
            report.Say($"corr2d(Xᵀ, K) finds no vertical edge in the transposed image:\n{Corr2d(X.T, K)}");
            var learned = LearnKernel(X.Reshape(1, 1, 6, 8), Y.Reshape(1, 1, 6, 7), generator,
                report: (epoch, loss) => report.Say(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {epoch}, loss {loss:F3}")));
            report.Say($"learned kernel {learned.Reshape(1, 2)} (the true one is [[1, -1]])");
            // </doc:edges>
            var values = learned.ToDoubles();
            result["kernel_error"] = Math.Max(Math.Abs(values[0] - 1), Math.Abs(values[1] + 1));
        }
    }

    private static void ShowPaddingStrideAndPooling(LessonContext context)
    {
        var report = context.Report;
        report.Section("§6.3 Padding and stride: the output shape ⌊(n − k + 2p + s)/s⌋");
        using (Tensor.Scope())
        {
            // <doc:shapes>
            var X = Tensor.Zeros([1, 1, 8, 8]);
            foreach (var (k, p, s) in new[] { (3, 1, 1), (5, 2, 1), (3, 1, 2), (5, 0, 3) })
            {
                var byFormula = OutputShape(8, 8, k, k, p, s);
                var y = X.Conv2d(Tensor.Zeros([1, 1, k, k]), stride: s, padding: p);
                report.Say($"8x8 input, {k}x{k} kernel, padding {p}, stride {s}: formula {byFormula.Height}x" +
                    $"{byFormula.Width}, Conv2d {y.Shape[2]}x{y.Shape[3]}");
            }
            // </doc:shapes>
        }

        report.Section("§6.4 Several input channels, §6.5 pooling");
        using (Tensor.Scope())
        {
            // <doc:channels-pooling>
            var X = Tensor.Arange(18).Reshape(1, 2, 3, 3) - Tensor.FromArray(new float[] { 0, 8 }).Reshape(1, 2, 1, 1);
            var K = Tensor.FromArray(new float[] { 0, 1, 2, 3, 1, 2, 3, 4 }).Reshape(1, 2, 2, 2);
            report.Say($"corr2d_multi_in (d2l §6.4.1): each channel correlated with its own kernel, then summed\n" +
                $"{X.Conv2d(K)}");
            var P = Tensor.Arange(9).Reshape(1, 1, 3, 3);
            report.Say($"max pooling 2x2, stride 1 (§6.5.1)\n{P.MaxPool2d(2, stride: 1)}");
            report.Say($"average pooling 2x2, stride 1\n{P.AvgPool2d(2, stride: 1)}");
            // </doc:channels-pooling>
        }
    }

    private static TrainingResult TrainLeNet(LessonContext context, Generator generator)
    {
        var o = context.Options;
        var report = context.Report;
        report.Section("§6.6 LeNet on Fashion-MNIST: sigmoid, average pooling, Xavier-uniform, SGD lr 0.9, batch 256");
        var (batchSize, lr, numEpochs) = (o.BatchSize ?? 256, o.Lr ?? 0.9, o.Epochs ?? (o.Quick ? 1 : 10));
        var (trainIter, testIter) = LessonData.FashionMnistLoaders(context, batchSize, generator);
        // <doc:train-lenet>
        var net = CreateLeNet(generator);
        var loss = new CrossEntropyLoss(reduction: Reduction.None);
        var updater = new OptimizerUpdater(new Sgd(net.Parameters(), lr));
        // </doc:train-lenet>
        using (Tensor.Scope())
        using (Tensor.NoGrad())
        {
            // <doc:layer-shapes>
            var X = Tensor.Zeros([1, 1, 28, 28]);
            foreach (var layer in net)
            {
                X = layer.Forward(X);
                report.Say($"{layer.GetType().Name,-10} output shape: {X.Shape}");
            }
            // </doc:layer-shapes>
        }

        var training = SoftmaxRegressionScratch.Train(net.Forward, trainIter, testIter, loss.Forward, numEpochs,
            updater, context, "lenet");
        FeatureMaps(context, net, testIter);
        return training;
    }

    /// <summary>The outputs of the first convolution (after its sigmoid) for the first four test images: what the
    /// six learned kernels pick out.</summary>
    private static void FeatureMaps(LessonContext context, Sequential net, DataLoader testIter)
    {
        const int images = 4, maps = 6;
        using var batch = testIter.First();
        using var scope = Tensor.Scope();
        using var noGrad = Tensor.NoGrad();
        var X = batch[0];
        using var first = Tensor.FromArray(Enumerable.Range(0, images).ToArray(), X.Backend);
        var input = X.IndexSelect(0, first);
        var features = net[1].Forward(net[0].Forward(input)).ToArray<float>();
        var pixels = input.ToArray<float>();
        var tiles = new float[images * (maps + 1) * 28 * 28];
        var titles = new List<string>();
        for (var n = 0; n < images; n++)
        {
            pixels.AsSpan(n * 784, 784).CopyTo(tiles.AsSpan(n * (maps + 1) * 784));
            titles.Add("input");
            for (var m = 0; m < maps; m++)
            {
                // Each map stretched to [0, 1] so its pattern shows whatever its range.
                var map = features.AsSpan(((n * maps) + m) * 784, 784);
                var (low, high) = (map.ToArray().Min(), map.ToArray().Max());
                var target = tiles.AsSpan(((n * (maps + 1)) + m + 1) * 784, 784);
                for (var k = 0; k < 784; k++)
                {
                    target[k] = high > low ? (map[k] - low) / (high - low) : 0;
                }

                titles.Add($"map {m}");
            }
        }

        var path = Path.Combine(context.OutputDirectory("lenet"), "feature-maps.svg");
        using var grid = Tensor.FromArray(tiles, new Shape(images * (maps + 1), 28, 28));
        ImageDisplay.ShowImages(grid, images, maps + 1, titles, scale: 1).Save(path);
        context.Report.Figure(path, "four test images and the six feature maps of LeNet's first convolution");
    }
}
