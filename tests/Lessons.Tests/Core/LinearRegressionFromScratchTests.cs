using Lessons.Autograd;
using Lessons.Random;
using Lessons.Tests.Support;

namespace Lessons.Tests.Core;

/// <summary>
/// d2l's linear regression from scratch (§3.2 / §3.4) written directly against the Core API, as a learner would:
/// the foundation is done when this trains to the book's accuracy and every gradient in it checks out.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class LinearRegressionFromScratchTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Recovers_the_true_parameters_in_three_epochs()
    {
        var generator = new Generator(42);
        var trueW = F32([2, -3.4f], 2);
        const double trueB = 4.2;
        var features = Tensor.Normal(0, 1, [1000, 2], generator, backend: Device);
        var labels = (features.MatMul(trueW) + trueB + Tensor.Normal(0, 0.01, [1000], generator, backend: Device))
            .Reshape(-1, 1);
        var w = Tensor.Normal(0, 0.01, [2, 1], generator, backend: Device, requiresGrad: true);
        var b = Tensor.Zeros([1], backend: Device, requiresGrad: true);
        const double lr = 0.03;
        const int batchSize = 10;

        for (var epoch = 0; epoch < 3; epoch++)
        {
            var order = generator.Permutation(1000);
            for (var i = 0; i < 1000; i += batchSize)
            {
                using var scope = Tensor.Scope();
                var index = I32(order[i..(i + batchSize)], batchSize);
                var X = features.IndexSelect(0, index);
                var y = labels.IndexSelect(0, index);
                var l = (X.MatMul(w) + b - y).Pow(2) / 2;
                l.Sum().Backward();
                using (Tensor.NoGrad())
                {
                    w -= lr * w.Grad! / batchSize;
                    b -= lr * b.Grad! / batchSize;
                    w.ZeroGrad();
                    b.ZeroGrad();
                }
            }
        }

        var learned = w.ToDoubles();
        Math.Abs(learned[0] - 2).Should().BeLessThan(0.01);
        Math.Abs(learned[1] + 3.4).Should().BeLessThan(0.01);
        Math.Abs(b.Item() - trueB).Should().BeLessThan(0.01);
        using (Tensor.NoGrad())
        {
            ((features.MatMul(w) + b - labels).Pow(2) / 2).Mean().Item().Should().BeLessThan(2e-4);
        }
    }

    [Test]
    public void Every_gradient_of_the_model_and_loss_checks_out()
    {
        var generator = new Generator(7);
        var X = Tensor.Normal(0, 1, [10, 2], generator, DType.Float64, Device);
        var y = Tensor.Normal(0, 1, [10, 1], generator, DType.Float64, Device);
        var w = Tensor.Normal(0, 0.5, [2, 1], generator, DType.Float64, Device);
        var b = Tensor.Normal(0, 0.5, [1], generator, DType.Float64, Device);

        GradCheck.Assert(t => ((t[0].MatMul(t[1]) + t[2] - t[3]).Pow(2) / 2).Sum(), [X, w, b, y]);
        GradCheck.Assert(t => Tensor.SquaredLoss(t[0].MatMul(t[1]) + t[2], t[3]).Sum(), [X, w, b, y]);
    }
}
