using Lessons.Framework;
using Lessons.Tests.Support;

namespace Lessons.Tests.Cli;

/// <summary>The divergence check on its own: silent for a number, and for NaN or ±∞ a message with the epoch, the
/// value, the last good value, the learning rate and any cause the run adds (a workbook run names its steps).</summary>
public sealed class DivergenceTests
{
    private static LessonContext Context(double? lr, params string[] causes) =>
        new(new LessonOptions(Lr: lr), new RecordingReport(), null!) { DivergenceCauses = causes };

    [Test]
    public void A_finite_loss_passes()
    {
        var act = () => Divergence.Check(Context(0.1), 3, "train loss", 0.52, 0.61);

        act.Should().NotThrow();
    }

    [TestCase(double.NaN, "NaN")]
    [TestCase(double.PositiveInfinity, "+inf")]
    [TestCase(double.NegativeInfinity, "-inf")]
    public void A_non_finite_loss_stops_with_epoch_value_and_causes(double value, string shown)
    {
        var act = () => Divergence.Check(Context(1e30, "the learner's steps involved: Softmax"), 2, "train loss",
            value, 2.31);

        var e = act.Should().Throw<TrainingDivergedException>().Which;
        e.Message.Should().Be($"training diverged in epoch 2: the train loss is {shown} (epoch 1: 2.31). Once a loss " +
            "is not a number every later step is not one either, so the run stops here: the learning rate --lr 1e+30 " +
            "is likely too large for this model; try a smaller one, such as --lr 1e+29; the learner's steps " +
            "involved: Softmax.");
        (e.Epoch, e.Metric).Should().Be((2, "train loss"));
        e.Value.Should().Be(value);
    }

    [Test]
    public void With_the_books_learning_rate_it_says_so_without_a_number()
    {
        var act = () => Divergence.Check(Context(null), 1, "loss", double.NaN);

        act.Should().Throw<TrainingDivergedException>().WithMessage(
            "training diverged in epoch 1: the loss is NaN. *the learning rate is likely too large for this model; " +
            "try a smaller --lr.");
    }
}
