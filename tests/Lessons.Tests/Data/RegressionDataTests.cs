using Lessons.Data;
using Lessons.Random;
using Lessons.Tests.Support;

namespace Lessons.Tests.Data;

[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class RegressionDataTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Synthetic_data_has_the_book_shapes_and_follows_y_equals_Xw_plus_b_plus_small_noise()
    {
        using var w = F64([2, -3.4], 2);

        var (X, y) = RegressionData.SyntheticData(w, 4.2, 1000, seed: 7);
        using (X)
        using (y)
        {
            X.Shape.Should().Equal(1000, 2);
            y.Shape.Should().Equal(1000, 1);
            var x = X.ToArray<double>();
            var residuals = y.ToArray<double>().Select((v, i) => v - (2 * x[2 * i]) - (-3.4 * x[(2 * i) + 1]) - 4.2)
                .ToArray();
            var std = Math.Sqrt(residuals.Select(r => r * r).Average());
            std.Should().BeApproximately(0.01, 0.001, "the noise is N(0, 0.01²)");
            x.Average().Should().BeApproximately(0, 0.1);
            Math.Sqrt(x.Select(v => v * v).Average()).Should().BeApproximately(1, 0.05);
        }
    }

    [Test]
    public void The_same_seed_gives_the_same_data()
    {
        using var w = F32([2f, -3.4f], 2);

        var (X1, y1) = RegressionData.SyntheticData(w, 4.2, 50, new Generator(3));
        var (X2, y2) = RegressionData.SyntheticData(w, 4.2, 50, new Generator(3));

        X1.ToArray<float>().Should().Equal(X2.ToArray<float>());
        y1.ToArray<float>().Should().Equal(y2.ToArray<float>());
        X1.DType.Should().Be(DType.Float32);
        foreach (var t in new[] { X1, y1, X2, y2 })
        {
            t.Dispose();
        }
    }

    [Test]
    public void Load_array_is_a_shuffling_loader_for_training_and_an_ordered_one_otherwise()
    {
        using var X = F32([1, 2, 3, 4, 5, 6], 3, 2);
        using var y = F32([1, 2, 3], 3, 1);

        RegressionData.LoadArray([X, y], 2).Shuffle.Should().BeTrue();
        RegressionData.LoadArray([X, y], 2, isTrain: false).Shuffle.Should().BeFalse();
    }
}
