using System.Diagnostics;
using Lessons.Backends;
using Lessons.Random;

namespace Lessons.Data;

/// <summary>
/// The timings <c>lessons bench</c> reports for the data layer (d2l §3.5 times one pass over the training
/// set: about 2.4 s with torchvision's reader): decoding all 70,000 Fashion-MNIST images to floats, and one
/// epoch of batch-256 iteration over the training set on a backend. A measurement, not a test.
/// </summary>
public static class DataBenchmark
{
    /// <summary>
    /// Loads Fashion-MNIST <paramref name="repeats"/> times (read, decompress, verify, decode: the first load is
    /// cold, the best shows the steady state), uploads it to <paramref name="backend"/> and times
    /// <paramref name="repeats"/> shuffled epochs of <paramref name="batchSize"/>-example batches there, each batch
    /// disposed as it is consumed.
    /// </summary>
    public static DataBenchmarkResult Run(
        DataSearch? search = null, IBackend? backend = null, int batchSize = 256, int repeats = 3)
    {
        search ??= DataSearch.Default(DatasetSpec.FashionMnist, offline: true);
        backend ??= Backends.Backend.Current;
        var decode = new List<TimeSpan>();
        IdxDataset? data = null;
        for (var i = 0; i < Math.Max(1, repeats); i++)
        {
            data = null; // let the previous copy go before timing the next load
            var clock = Stopwatch.StartNew();
            data = DatasetLoader.Load(DatasetSpec.FashionMnist, search);
            decode.Add(clock.Elapsed);
        }

        var upload = Stopwatch.StartNew();
        using var dataset = new ImageDataset(data!, backend);
        upload.Stop();

        var (trainIter, _) = dataset.Loaders(batchSize, generator: new Generator(0));
        var epochs = new List<TimeSpan>();
        var examples = 0;
        for (var i = 0; i < Math.Max(1, repeats); i++)
        {
            var clock = Stopwatch.StartNew();
            examples = Epoch(trainIter);
            epochs.Add(clock.Elapsed);
        }

        return new DataBenchmarkResult(
            decode[0], decode.Min(), upload.Elapsed, epochs[0], epochs.Min(), trainIter.Count, examples, backend.Name,
            data!.Location);
    }

    private static int Epoch(DataLoader trainIter)
    {
        var (batches, examples) = (0, 0);
        foreach (var batch in trainIter)
        {
            using (batch)
            {
                batches++;
                examples += batch.Count;
                if (batches == trainIter.Count)
                {
                    batch[1].ToArray<int>(); // a read waits for the device, so the clock covers all the work
                }
            }
        }

        return examples;
    }
}

/// <summary>What <see cref="DataBenchmark.Run"/> measured.</summary>
/// <param name="FirstDecode">The first load of all 70,000 images (cold: JIT, page faults).</param>
/// <param name="BestDecode">The fastest of the loads.</param>
/// <param name="Upload">Copying the decoded dataset to the backend.</param>
/// <param name="FirstEpoch">The first epoch of shuffled batches over the training set (cold).</param>
/// <param name="BestEpoch">The fastest epoch.</param>
/// <param name="Batches">Batches in the epoch.</param>
/// <param name="Examples">Examples in the epoch.</param>
/// <param name="Backend">The backend's name.</param>
/// <param name="Location">Where the data was read from.</param>
public sealed record DataBenchmarkResult(
    TimeSpan FirstDecode,
    TimeSpan BestDecode,
    TimeSpan Upload,
    TimeSpan FirstEpoch,
    TimeSpan BestEpoch,
    int Batches,
    int Examples,
    string Backend,
    DataLocation Location)
{
    /// <summary>A few lines for the console.</summary>
    public override string ToString() =>
        $"decode 70,000 images to float32: first {FirstDecode.TotalSeconds:F3} s, best {BestDecode.TotalSeconds:F3} s" +
        $" (read, gunzip, SHA-256, /255){Environment.NewLine}" +
        $"upload to {Backend}: {Upload.TotalSeconds:F3} s{Environment.NewLine}" +
        $"one epoch of {Batches} batches ({Examples} examples) on {Backend}: first {FirstEpoch.TotalSeconds:F3} s, " +
        $"best {BestEpoch.TotalSeconds:F3} s" +
        $"{Environment.NewLine}data: {Location}";
}
