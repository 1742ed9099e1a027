using Lessons.Data;
using Lessons.Losses;
using Lessons.NN;
using Lessons.Optim;
using Lessons.Random;
using Lessons.Tests.Support;

namespace Lessons.Tests.NN;

/// <summary>
/// d2l's concise linear regression (§3.3 / §3.5) with the concise API: <c>Sequential(Linear(2, 1))</c>, weight
/// N(0, 0.01) and bias 0 as the book, <c>MseLoss</c>, <c>Sgd(0.03)</c>, batch 10, 3 epochs on synthetic data.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class ConciseLinearRegressionTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Recovers_w_and_b_within_one_hundredth_in_three_epochs()
    {
        var generator = new Generator(42);
        var trueW = F32([2, -3.4f], 2);
        const double trueB = 4.2;
        var (features, labels) = RegressionData.SyntheticData(trueW, trueB, 1000, generator);
        const int batchSize = 10;
        var dataIter = RegressionData.LoadArray([features, labels], batchSize, generator: generator);

        var net = new Sequential(new Linear(2, 1));
        Init.Normal(net.Get<Linear>(0).Weight, 0, 0.01, generator); // net[0].weight.data.normal_(0, 0.01)
        Init.Zeros(net.Get<Linear>(0).Bias!);                        // net[0].bias.data.fill_(0)
        var loss = new MseLoss();
        var trainer = new Sgd(net.Parameters(), lr: 0.03);

        for (var epoch = 0; epoch < 3; epoch++)
        {
            foreach (var batch in dataIter)
            {
                using var scope = Tensor.Scope();
                using var owned = batch;
                var (X, y) = batch;
                var l = loss.Forward(net.Forward(X), y);
                trainer.ZeroGrad();
                l.Backward();
                trainer.Step();
            }
        }

        var w = net.Get<Linear>(0).Weight.ToDoubles();
        var b = net.Get<Linear>(0).Bias!.Item();
        Math.Abs(w[0] - 2).Should().BeLessThan(0.01);
        Math.Abs(w[1] + 3.4).Should().BeLessThan(0.01);
        Math.Abs(b - trueB).Should().BeLessThan(0.01);
        using (Tensor.NoGrad())
        {
            loss.Forward(net.Forward(features), labels).Item().Should().BeLessThan(3e-4);
        }
    }
}
