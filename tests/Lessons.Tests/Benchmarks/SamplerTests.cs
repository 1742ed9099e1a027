using Lessons.Benchmarks;

namespace Lessons.Tests.Benchmarks;

/// <summary>How runs are counted: warm-ups untimed, one sample per timed run, the untimed hook before each.</summary>
public sealed class SamplerTests
{
    [Test]
    public void Warm_ups_run_first_and_each_timed_run_gives_one_sample()
    {
        var (calls, befores) = (0, 0);

        var seconds = Sampler.Seconds(() => calls++, warmups: 2, runs: 3, before: () => befores++);

        seconds.Should().HaveCount(3).And.OnlyContain(s => s >= 0);
        calls.Should().Be(5);
        befores.Should().Be(5);
    }

    [Test]
    public void Short_calls_are_timed_in_batches_that_end_with_the_finish_action()
    {
        var (calls, finishes) = (0, 0);

        var seconds = Sampler.SecondsPerCall(() => calls++, () => finishes++, runs: 4, minBatchSeconds: 0,
            quietSeconds: 0);

        seconds.Should().HaveCount(4);
        finishes.Should().Be(5, "one sizing batch, then one per timed run");
        calls.Should().Be(5, "a batch of one call already lasts zero seconds");
    }

    [Test]
    public void Warm_up_runs_go_on_while_the_jit_is_compiling_up_to_the_limit()
    {
        var (calls, compiled) = (0, 0L);

        // A JIT that compiles something during each of the first three runs, then is quiet.
        Sampler.Seconds(() => calls++, warmups: 1, runs: 2, maxWarmups: 10,
            compiledMethods: () => calls < 3 ? compiled++ : compiled);

        calls.Should().Be(4 + 2, "runs 1-3 saw compilation, run 4 was quiet, then two timed runs");

        calls = 0;
        Sampler.Seconds(() => calls++, warmups: 1, runs: 2, maxWarmups: 2, compiledMethods: () => compiled++);
        calls.Should().Be(2 + 2, "never quiet, so the warm-up stops at maxWarmups");
    }

    [Test]
    public void Warm_up_runs_go_on_for_the_minimum_time_even_when_the_jit_is_quiet()
    {
        var calls = 0;

        // Each run lasts at least 20 ms and the JIT is quiet from the start: only the minimum time keeps it going.
        Sampler.Seconds(() => { calls++; Thread.Sleep(20); }, warmups: 1, runs: 1, maxWarmups: 1,
            compiledMethods: () => 0, minWarmupSeconds: 0.1);

        calls.Should().BeInRange(2 + 1, 5 + 1,
            "more warm-up runs than the one asked for, and no more than five runs of 20 ms or longer fill 0.1 s");
    }

    [Test]
    public void A_warm_up_that_never_goes_quiet_stops_at_its_time_limit()
    {
        var compiled = 0L;

        var seconds = Sampler.SecondsPerCall(() => { }, () => { }, runs: 3, minBatchSeconds: 0,
            quietSeconds: 1, maxWarmupSeconds: 0.01, compiledMethods: () => compiled++);

        seconds.Should().HaveCount(3);
    }

    [Test]
    public void At_least_one_timed_run_is_required()
    {
        var act = () => Sampler.Seconds(() => { }, warmups: 0, runs: 0);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
