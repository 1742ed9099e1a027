using Lessons.Chapter3;
using Lessons.Random;
using Lessons.Tests.Support;

namespace Lessons.Tests.Chapter3;

/// <summary>The linear-regression-from-scratch lesson, step by step, on every backend.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class LinearRegressionScratchLessonTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void SyntheticData_has_the_book_shapes_and_relation()
    {
        var (features, labels) = LinearRegressionScratch.SyntheticData(F32([2, -3.4f], 2), 4.2, 1000, new Generator(0));

        features.Should().HaveShape(1000, 2);
        labels.Should().HaveShape(1000, 1);
        var residual = labels - (features.MatMul(F32([2, -3.4f], 2, 1)) + 4.2);
        Math.Sqrt(residual.Square().Mean().Item()).Should().BeApproximately(0.01, 0.002);
    }

    [Test]
    public void DataIter_keeps_the_short_last_batch_and_covers_every_example_once()
    {
        var features = Tensor.Arange(25, backend: Device).Reshape(25, 1);
        var labels = Tensor.Arange(25, backend: Device);

        var batches = LinearRegressionScratch.DataIter(10, features, labels, new Generator(1)).ToList();

        batches.Select(batch => batch.X.Shape[0]).Should().Equal(10, 10, 5);
        var labelsSeen = batches.SelectMany(batch => batch.y.ToArray<float>()).ToList();
        labelsSeen.Order().Should().Equal(Enumerable.Range(0, 25).Select(i => (float)i));
        batches.SelectMany(batch => batch.X.ToArray<float>()).Should().Equal(labelsSeen);
    }

    [Test]
    public void Training_reaches_the_book_accuracy()
    {
        var result = LinearRegressionScratch.Train(new LinearRegressionOptions(Seed: 3));

        result.WError.Should().BeLessThan(0.01);
        result.BError.Should().BeLessThan(0.01);
        result.EpochLosses[^1].Should().BeLessThan(2e-4);
        result.EpochLosses.Should().BeInDescendingOrder();
    }
}
