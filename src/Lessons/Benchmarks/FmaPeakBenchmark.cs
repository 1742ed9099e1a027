using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Lessons.Benchmarks;

/// <summary>
/// The most float32 arithmetic this machine's cores can do: every core runs a loop of fused multiply-adds on the
/// widest vectors the JIT accelerates, with no memory traffic. A matrix product can approach this figure and never
/// pass it, so the 1024³ product is judged as a fraction of it (BLAS libraries reach 80–90 %).
/// </summary>
/// <remarks>
/// A fused multiply-add takes about 4 cycles before its result can feed the next one, and a core starts one or two
/// per cycle, so a single chain of dependent FMAs would measure the latency, not the throughput. The loop keeps
/// <see cref="Chains"/> independent accumulators (more than latency × units on the cores we know) so the units
/// never wait; that is also why a GEMM micro-kernel keeps a dozen or more accumulators in registers.
/// </remarks>
public static class FmaPeakBenchmark
{
    /// <summary>Independent accumulator chains: 12 cover a 4-cycle latency on 2 units with room to spare, and
    /// fit, with the two operands, in the 16 registers of AVX2 as well as the 32 of AVX-512.</summary>
    private const int Chains = 12;

    /// <summary>Loop iterations per core per timed run (each 12 vector FMAs): about 50 ms at 2.5 GHz. With 2
    /// million (5 ms), starting the threads and one late time slice weighed on a run: the runs spread from 124 to
    /// 326 GFLOP/s and the median of seven read 273.</summary>
    private const int Iterations = 20_000_000;

    /// <summary>
    /// GFLOP/s of all cores together (one thread each, started together): the median and spread of
    /// <see cref="BenchSettings.MicroRuns"/> timed runs after a warm-up run.
    /// </summary>
    public static Measurement Measure(BenchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var cores = Environment.ProcessorCount;
        var lanes = Vector512.IsHardwareAccelerated ? Vector512<float>.Count : Vector256<float>.Count;
        var flops = 2.0 * lanes * Chains * Iterations * cores; // a multiply and an add per lane
        var seconds = Sampler.Seconds(() => RunOnEveryCore(cores), warmups: 1, settings.MicroRuns);
        return Measurement.FromSamples("GFLOP/s", seconds.Select(s => flops / s / 1e9));
    }

    /// <summary>One thread per core, released together; returns when the last has finished.</summary>
    private static void RunOnEveryCore(int cores)
    {
        using var start = new Barrier(cores + 1);
        var threads = Enumerable.Range(0, cores).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            Sink(Vector512.IsHardwareAccelerated ? Loop512(Iterations) : Loop256(Iterations));
        })).ToList();
        threads.ForEach(t => t.Start());
        start.SignalAndWait();
        threads.ForEach(t => t.Join());
    }

    /// <summary>Keeps a result alive so the JIT cannot drop the loop that computed it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Sink(float value) => GC.KeepAlive(value);

    // The two loops below are the same loop at two vector widths; each FMA reads and writes one accumulator.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Loop512(int iterations)
    {
        var (x, y) = (Vector512.Create(0.999f), Vector512.Create(1e-7f));
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector512<float> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (var i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, x, y);
            c1 = Vector512.FusedMultiplyAdd(c1, x, y);
            c2 = Vector512.FusedMultiplyAdd(c2, x, y);
            c3 = Vector512.FusedMultiplyAdd(c3, x, y);
            c4 = Vector512.FusedMultiplyAdd(c4, x, y);
            c5 = Vector512.FusedMultiplyAdd(c5, x, y);
            c6 = Vector512.FusedMultiplyAdd(c6, x, y);
            c7 = Vector512.FusedMultiplyAdd(c7, x, y);
            c8 = Vector512.FusedMultiplyAdd(c8, x, y);
            c9 = Vector512.FusedMultiplyAdd(c9, x, y);
            c10 = Vector512.FusedMultiplyAdd(c10, x, y);
            c11 = Vector512.FusedMultiplyAdd(c11, x, y);
        }

        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Loop256(int iterations)
    {
        var (x, y) = (Vector256.Create(0.999f), Vector256.Create(1e-7f));
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector256<float> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (var i = 0; i < iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, x, y);
            c1 = Vector256.FusedMultiplyAdd(c1, x, y);
            c2 = Vector256.FusedMultiplyAdd(c2, x, y);
            c3 = Vector256.FusedMultiplyAdd(c3, x, y);
            c4 = Vector256.FusedMultiplyAdd(c4, x, y);
            c5 = Vector256.FusedMultiplyAdd(c5, x, y);
            c6 = Vector256.FusedMultiplyAdd(c6, x, y);
            c7 = Vector256.FusedMultiplyAdd(c7, x, y);
            c8 = Vector256.FusedMultiplyAdd(c8, x, y);
            c9 = Vector256.FusedMultiplyAdd(c9, x, y);
            c10 = Vector256.FusedMultiplyAdd(c10, x, y);
            c11 = Vector256.FusedMultiplyAdd(c11, x, y);
        }

        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }
}
