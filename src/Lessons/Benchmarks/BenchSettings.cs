namespace Lessons.Benchmarks;

/// <summary>
/// How many times each figure is run. The defaults keep <c>lessons bench --backend all</c> (CPU and OpenCL on POCL)
/// under three minutes on a 2-core machine: a training epoch is long enough that three timed runs after one warm-up
/// give a stable median; a micro figure is cheap, so it gets more runs.
/// </summary>
/// <param name="EpochWarmups">Untimed epochs before the timed ones.</param>
/// <param name="EpochMaxWarmups">Further untimed epochs, up to this many in all, while the JIT is still compiling.
/// </param>
/// <param name="EpochRuns">Timed training epochs per figure.</param>
/// <param name="EpochMinWarmupSeconds">Untimed epochs go on at least this long (<see cref="Sampler"/>).</param>
/// <param name="DecodeRuns">Timed decodes of Fashion-MNIST (after one untimed load).</param>
/// <param name="MicroRuns">Timed batches per micro figure.</param>
/// <param name="MinBatchSeconds">The shortest batch of calls a micro figure times.</param>
public sealed record BenchSettings(
    int EpochWarmups = 1, int EpochMaxWarmups = 3, int EpochRuns = 3, int DecodeRuns = 3, int MicroRuns = 7,
    double MinBatchSeconds = 0.05, double EpochMinWarmupSeconds = 1.5);
