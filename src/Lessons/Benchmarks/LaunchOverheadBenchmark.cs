using Lessons.Backends;

namespace Lessons.Benchmarks;

/// <summary>
/// What one operation costs when it does almost nothing: negating a single element. On the CPU that is the cost
/// of a call through <see cref="IBackend"/>; on OpenCL it is the cost of enqueueing a kernel — paid once per
/// operation, so a training step of ~40 small operations pays it ~40 times. Measured two ways: operations queued
/// back to back with one read at the end (the way a training step runs), and each one waited for by a read of its
/// result (what a host round trip after every operation would cost).
/// </summary>
public static class LaunchOverheadBenchmark
{
    /// <summary>Microseconds per tiny operation, queued back to back.</summary>
    public static Measurement Queued(IBackend backend, BenchSettings settings) =>
        Measure(backend, settings, waitEach: false);

    /// <summary>Microseconds per tiny operation followed by a read of its one element.</summary>
    public static Measurement Waited(IBackend backend, BenchSettings settings) =>
        Measure(backend, settings, waitEach: true);

    /// <summary>
    /// Microseconds per tiny operation through <see cref="Tensor"/> (<c>-x</c>, a new tensor, disposed): the
    /// backend call plus what the library adds — a buffer, a tensor, the shape checks.
    /// </summary>
    public static Measurement Tensor(IBackend backend, BenchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(settings);
        using var x = Lessons.Tensor.Ones([1], backend: backend);
        using var noGrad = Lessons.Tensor.NoGrad();
        var seconds = Sampler.SecondsPerCall(
            () =>
            {
                using var y = -x;
            },
            () => x.ToArray<float>(),
            settings.MicroRuns, settings.MinBatchSeconds);
        return Measurement.FromSamples("µs", seconds.Select(s => s * 1e6));
    }

    private static Measurement Measure(IBackend backend, BenchSettings settings, bool waitEach)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(settings);
        using var x = backend.Upload<float>([1f]); // the backend's own buffer: the figure is the bare call
        var sink = new float[1];
        var seconds = Sampler.SecondsPerCall(
            () =>
            {
                backend.Unary(UnaryOp.Neg, x, x);
                if (waitEach)
                {
                    backend.Download<float>(x, sink);
                }
            },
            () => backend.Download<float>(x, sink),
            settings.MicroRuns, settings.MinBatchSeconds);
        return Measurement.FromSamples("µs", seconds.Select(s => s * 1e6));
    }
}
