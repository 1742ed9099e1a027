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

        var seconds = Sampler.SecondsPerCall(() => calls++, () => finishes++, runs: 4, minBatchSeconds: 0);

        seconds.Should().HaveCount(4);
        finishes.Should().Be(5, "one calibration batch, then one per timed run");
        calls.Should().Be(5, "a batch of one call already lasts zero seconds");
    }

    [Test]
    public void At_least_one_timed_run_is_required()
    {
        var act = () => Sampler.Seconds(() => { }, warmups: 0, runs: 0);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
