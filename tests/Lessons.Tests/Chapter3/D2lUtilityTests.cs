using Lessons.Chapter3;
using Lessons.Framework;
using Lessons.Random;
using Lessons.Tests.Support;
using Timer = Lessons.Framework.Timer;

namespace Lessons.Tests.Chapter3;

/// <summary>The book's small utilities as the lessons use them: Accumulator, Timer, the seeded Generator.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class D2lUtilityTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Accumulator_sums_numbers_and_tensors_and_reset_sets_every_sum_back_to_zero()
    {
        using var metric = new Accumulator(2);
        using var loss = F32([1.5f], 1);
        metric.Add(loss, 10);
        metric.Add(2.5, 5);

        (metric[0], metric[1]).Should().Be((4.0, 15.0));
        metric.Reset();
        (metric[0], metric[1]).Should().Be((0.0, 0.0));
        metric.Add(1, 1);
        metric[0].Should().Be(1);
    }

    [Test]
    public void Timer_records_each_stop_and_gives_the_average_sum_and_running_totals()
    {
        var timer = new Timer();
        var first = timer.Stop();
        timer.Start();
        var second = timer.Stop();

        timer.Times.Should().Equal(first, second);
        timer.Avg().Should().BeApproximately((first + second) / 2, 1e-12);
        timer.Sum().Should().BeApproximately(first + second, 1e-12);
        timer.CumSum().Should().Equal(first, first + second);
        new Timer().Avg().Should().Be(0, "no time recorded yet");
    }

    [Test]
    public void Generator_draws_the_same_integers_from_the_same_seed_within_the_bound()
    {
        var (a, b) = (new Generator(7), new Generator(7));
        var draws = Enumerable.Range(0, 100).Select(_ => a.NextInt(10)).ToArray();

        draws.Should().Equal(Enumerable.Range(0, 100).Select(_ => b.NextInt(10)));
        draws.Should().OnlyContain(v => v >= 0 && v < 10);
        draws.Distinct().Should().HaveCountGreaterThan(5, "a uniform draw of 100 integers in [0, 10)");
    }
}
