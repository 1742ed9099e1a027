using System.Xml.Linq;
using Lessons.Chapter3;
using Lessons.Framework;
using Lessons.Tests.Support;

namespace Lessons.Tests.Chapter3;

/// <summary>Softmax regression from scratch, step by step and end to end on a small slice, on every backend.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class SoftmaxRegressionScratchLessonTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void The_books_softmax_normalizes_rows_and_overflows_at_large_logits()
    {
        var X = F32([1, 2, 3, 0.5f, -1, 0], 2, 3);

        var rows = SoftmaxRegressionScratch.Softmax(X);

        rows.Sum(1).Should().BeAllClose(1, 1);
        rows.Should().BeAllClose(X.Softmax(), 1e-6, 1e-5);
        var overflow = SoftmaxRegressionScratch.Softmax(F32([100, 0, -100], 1, 3)).ToArray<float>();
        float.IsNaN(overflow[0]).Should().BeTrue("exp(100) is inf in float32, and inf / inf is nan");
        F32([100, 0, -100], 1, 3).Softmax().ToArray<float>().Should().OnlyContain(v => float.IsFinite(v));
    }

    [Test]
    public void CrossEntropy_picks_minus_log_of_the_true_labels_probability()
    {
        var yHat = F32([0.1f, 0.3f, 0.6f, 0.3f, 0.2f, 0.5f], 2, 3);
        var y = I32([0, 2], 2);

        SoftmaxRegressionScratch.CrossEntropy(yHat, y).Should().HaveShape(2).BeAllClose(-Math.Log(0.1), -Math.Log(0.5));
        SoftmaxRegressionScratch.Accuracy(yHat, y).Item().Should().Be(1, "the book's example: one of two is right");
    }

    [Test]
    public void Training_a_slice_learns_and_writes_the_book_figures()
    {
        var outDir = Directory.CreateTempSubdirectory("lessons-softmax").FullName;
        var report = new RecordingReport();
        var options = new LessonOptions(Epochs: 2, Quick: true, OutDir: outDir, Offline: true);
        var context = new LessonContext(options, report, Device);

        var result = new SoftmaxRegressionScratch().Run(context);

        ((double)result["test_acc"]).Should().BeGreaterThan(0.7);
        ((double)result["train_loss"]).Should().BeLessThan(1.0);
        var epochs = report.Runs.Should().ContainSingle().Which;
        epochs.Should().HaveCount(2);
        epochs[1]["train loss"].Should().BeLessThan(epochs[0]["train loss"]);
        var chart = XDocument.Load(Path.Combine(outDir, "train.svg"));
        var lines = chart.Descendants().Where(e => e.Name.LocalName == "polyline").ToList();
        lines.Select(l => (string?)l.Attribute("data-series")).Should().Equal("train loss", "train acc", "test acc");
        lines.Should().OnlyContain(l => l.Attribute("points")!.Value.Split(' ').Length == 2, "one point per epoch");
        var grid = XDocument.Load(Path.Combine(outDir, "predictions.svg"));
        grid.Descendants().Count(e => e.Name.LocalName == "image").Should().Be(6);
        grid.Descendants().Count(e => e.Name.LocalName == "tspan").Should().Be(12, "each title is true\\npred");
    }
}
