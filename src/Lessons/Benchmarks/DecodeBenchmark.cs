using Lessons.Data;

namespace Lessons.Benchmarks;

/// <summary>
/// Seconds to load all 70,000 Fashion-MNIST images as float32: read the gzip files, decompress, verify the SHA-256
/// of the bytes, decode the IDX records and scale to [0, 1] — timed
/// as a median like every other figure. The first load is a warm-up (JIT, page cache, a download if the files are
/// nowhere on the machine).
/// </summary>
public static class DecodeBenchmark
{
    /// <summary>Times <see cref="DatasetLoader.Load"/>; returns the figure and the last decoded copy.</summary>
    public static (Measurement Seconds, IdxDataset Data) Run(BenchSettings settings, DataSearch? search = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        search ??= DataSearch.Default(DatasetSpec.FashionMnist);
        IdxDataset? data = null;
        var seconds = Sampler.Seconds(
            () => data = DatasetLoader.Load(DatasetSpec.FashionMnist, search),
            warmups: 1, settings.DecodeRuns,
            before: () =>
            {
                // Free the previous copy (220 MB of floats) untimed, so that neither the clock nor the peak
                // working set counts two copies at once.
                data = null;
                GC.Collect();
            });
        return (Measurement.FromSamples("s", seconds), data!);
    }
}
