using Lessons.Autograd;
using Lessons.Losses;
using Lessons.Tests.Support;

namespace Lessons.Tests.Losses;

/// <summary>
/// The values LOSSES.md singles out (PyTorch 1.13, float64), the seed notes' numbers that PyTorch corrects, and the
/// behaviour at the edges: ignored targets, clamps, huge logits, sign(0).
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class LossValueTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Cross_entropy_of_uniform_logits_over_ten_classes_is_ln_10()
    {
        var logits = Tensor.Zeros([4, 10], backend: B);
        var labels = I32([0, 3, 9, 5], 4);

        new CrossEntropyLoss().Forward(logits, labels).Item().Should().BeApproximately(Math.Log(10), 1e-6);
    }

    [Test]
    public void Every_target_ignored_gives_NaN_under_mean_and_zero_gradients()
    {
        foreach (var weight in new[] { null, F64([1, 2, 3], 3) })
        {
            var logits = Tensor.Normal(0, 1, [2, 3], new Random.Generator(1), DType.Float64, B, requiresGrad: true);
            var labels = I32([-100, -100], 2);

            var loss = Functional.CrossEntropy(logits, labels, weight);
            loss.Backward();

            double.IsNaN(loss.Item()).Should().BeTrue();
            logits.Grad!.Should().BeAllClose([0, 0, 0, 0, 0, 0], 0, 0);
            Functional.CrossEntropy(logits, labels, weight, reduction: Reduction.Sum).Item().Should().Be(0);
        }
    }

    [Test]
    public void Bce_clamps_the_log_at_minus_100()
    {
        var p = F64([0, 1, 0, 1], 4);
        var y = F64([1, 1, 0, 0], 4);

        new BceLoss(reduction: Reduction.None).Forward(p, y).Should().BeAllClose([100, 0, 0, 100], 0, 0);
    }

    [Test]
    public void Bce_with_logits_stays_finite_at_plus_and_minus_1000()
    {
        var x = F64([1000, -1000, 1000, -1000], 4);
        x.RequiresGrad = true;
        var y = F64([0, 1, 1, 0], 4);

        var loss = new BceWithLogitsLoss(reduction: Reduction.None).Forward(x, y);
        loss.Sum().Backward();

        loss.Should().BeAllClose([1000, 1000, 0, 0], 0, 0);
        x.Grad!.Should().BeAllClose([1, -1, 0, 0], 0, 0);
    }

    [Test]
    public void Naive_float32_softmax_overflows_where_the_stable_cross_entropy_gives_exactly_200()
    {
        var logits = F32([100, 0, -100], 1, 3);

        var naive = logits.Exp() / logits.Exp().Sum(1, keepDim: true);
        var loss = new CrossEntropyLoss().Forward(logits, I32([2], 1));

        double.IsNaN(naive.ToDoubles()[0]).Should().BeTrue();
        logits.Softmax(1).Should().BeAllClose([1, Math.Exp(-100), 0], 1e-30, 1e-5); // e⁻²⁰⁰ underflows to 0
        loss.Item().Should().Be(200);
    }

    [Test]
    public void Entropy_cross_entropy_and_kl_divergence_satisfy_H_P_Q_equals_H_P_plus_KL()
    {
        var four = F64([0.1, 0.5, 0.1, 0.3], 1, 4);
        var p = F64([0.1, 0.4, 0.5], 1, 3);
        var q = F64([0.3, 0.3, 0.4], 1, 3);

        // H(P) is the cross-entropy of P with itself: log-softmax of log P is log P again.
        var entropy = Functional.CrossEntropy(four.Log(), four).Item();
        var hp = Functional.CrossEntropy(p.Log(), p).Item();
        var hpq = Functional.CrossEntropy(q.Log(), p).Item();
        var kl = Functional.KlDiv(q.Log(), p, KlDivReduction.BatchMean).Item();

        // The definitions written out: H(P) = −Σ p ln p, H(P, Q) = −Σ p ln q, KL(P ‖ Q) = Σ p ln(p/q).
        double[] pp = [0.1, 0.4, 0.5], qq = [0.3, 0.3, 0.4];
        entropy.Should().BeApproximately(-new[] { 0.1, 0.5, 0.1, 0.3 }.Sum(v => v * Math.Log(v)), 1e-15);
        hp.Should().BeApproximately(-pp.Sum(v => v * Math.Log(v)), 1e-15);
        hpq.Should().BeApproximately(-pp.Zip(qq).Sum(e => e.First * Math.Log(e.Second)), 1e-15);
        kl.Should().BeApproximately(pp.Zip(qq).Sum(e => e.First * Math.Log(e.First / e.Second)), 1e-15);
        entropy.Should().BeApproximately(1.16828, 1e-5); // as the seed notes print them
        (entropy / Math.Log(2)).Should().BeApproximately(1.68548, 1e-5);
        kl.Should().BeApproximately(0.116783, 1e-6);
        hp.Should().BeApproximately(0.943348, 1e-6);
        hpq.Should().BeApproximately(1.060132, 1e-6);
        hpq.Should().BeApproximately(hp + kl, 1e-12);
    }

    [Test]
    public void The_seed_notes_misprints_are_corrected_to_what_pytorch_computes()
    {
        var mse = Functional.MseLoss(F64([1.5, 2.0, 3.2], 3), F64([1.0, 2.5, 2.8], 3));
        var mseSum = Functional.MseLoss(F64([1.5, 2.0, 3.2], 3), F64([1.0, 2.5, 2.8], 3), Reduction.Sum);
        var bce = Functional.BinaryCrossEntropy(F64([0.8, 0.2, 0.6, 0.9], 4), F64([1, 0, 1, 1], 4));
        var logits = F64([1.2, 0.4, -0.5, 2.1, 0.3, 0.8, 1.9, -1.2, 0.4, 1.1, -0.1, 2.4, 0.7, 1.5, -0.5], 3, 5);
        var ce = Functional.CrossEntropy(logits, I32([3, 1, 4], 3));

        mse.Item().Should().BeApproximately(0.22, 1e-12);      // the notes print 0.2967
        mseSum.Item().Should().BeApproximately(0.66, 1e-12);   // the notes print 0.89
        // PyTorch 1.13 in float64 (shared/reference/seed_examples.json): 0.2656183105130591, 1.5892382839878962.
        bce.Item().Should().BeApproximately(0.2656183105130591, 1e-15); // the notes print 0.2070
        ce.Item().Should().BeApproximately(1.5892382839878962, 1e-15);  // the notes print 0.8765
    }

    [Test]
    public void L1_gradient_is_zero_where_the_prediction_is_exact()
    {
        var x = F64([1, 2, 3], 3);
        x.RequiresGrad = true;

        Functional.L1Loss(x, F64([1, 2, 5], 3), Reduction.Sum).Backward();

        x.Grad!.Should().BeAllClose([0, 0, -1], 0, 0);
    }

    [Test]
    public void SmoothL1_with_beta_zero_is_L1_forward_with_torch_minus_one_gradient_at_zero()
    {
        var x = F64([1, 2, 3, 0.5], 4);
        x.RequiresGrad = true;
        var y = F64([1, 2.5, 2, 0.5], 4);

        var loss = new SmoothL1Loss(beta: 0).Forward(x, y);
        loss.Backward();

        loss.Item().Should().Be(0.375);
        x.Grad!.Should().BeAllClose([-0.25, -0.25, 0.25, -0.25], 0, 0);
    }

    [Test]
    public void Huber_is_quadratic_inside_delta_and_linear_outside()
    {
        var loss = new HuberLoss(Reduction.None, delta: 1).Forward(F64([0.5, 3, -2], 3), F64([0, 0, 0], 3));

        loss.Should().BeAllClose([0.125, 2.5, 1.5], 0, 0);
    }

    [Test]
    public void Plain_cross_entropy_runs_on_the_fused_kernel_and_the_others_on_log_softmax()
    {
        var logits = Tensor.Zeros([2, 3], DType.Float64, B, requiresGrad: true);
        var labels = I32([0, 2], 2);

        Ops(Functional.CrossEntropy(logits, labels)).Should().Contain("SoftmaxCrossEntropyBackward")
            .And.NotContain("LogSoftmaxBackward");
        Ops(Functional.CrossEntropy(logits, labels, reduction: Reduction.None)).Should()
            .Contain("SoftmaxCrossEntropyBackward");
        Ops(Functional.CrossEntropy(logits, labels, labelSmoothing: 0.1)).Should().Contain("LogSoftmaxBackward")
            .And.NotContain("SoftmaxCrossEntropyBackward");
        Ops(Functional.CrossEntropy(logits, labels, F64([1, 2, 3], 3))).Should().Contain("LogSoftmaxBackward");
    }

    [Test]
    public void Kl_divergence_mean_divides_by_elements_and_batchmean_by_rows()
    {
        var logQ = F64([0.3, 0.3, 0.4, 0.2, 0.2, 0.6], 2, 3).Log();
        var p = F64([0.1, 0.4, 0.5, 0.0, 0.5, 0.5], 2, 3);

        var sum = Functional.KlDiv(logQ, p, KlDivReduction.Sum).Item();

        Functional.KlDiv(logQ, p, KlDivReduction.Mean).Item().Should().BeApproximately(sum / 6, 1e-15);
        Functional.KlDiv(logQ, p, KlDivReduction.BatchMean).Item().Should().BeApproximately(sum / 2, 1e-15);
        Functional.KlDiv(logQ, p, KlDivReduction.None).ToDoubles()[3].Should().Be(0); // 0·log 0 = 0
        var positive = F64([0.1, 0.4, 0.5, 0.3, 0.5, 0.2], 2, 3);
        Functional.KlDiv(logQ, positive.Log(), KlDivReduction.Sum, logTarget: true).Item()
            .Should().BeApproximately(Functional.KlDiv(logQ, positive, KlDivReduction.Sum).Item(), 1e-12);
    }

    [Test]
    public void Cross_entropy_gradient_is_softmax_minus_one_hot_over_n()
    {
        var logits = F64([1, 2, 3, 0, 0, 0], 2, 3);
        logits.RequiresGrad = true;

        new CrossEntropyLoss().Forward(logits, I32([2, 0], 2)).Backward();

        var softmax = HostMath.Softmax(1, 2, 3);
        logits.Grad!.Should().BeAllClose(
            [softmax[0] / 2, softmax[1] / 2, (softmax[2] - 1) / 2, (1.0 / 3 - 1) / 2, 1.0 / 6, 1.0 / 6], 1e-15, 0);
    }

    /// <summary>The names of the operations recorded in the graph that produced <paramref name="output"/>.</summary>
    private static List<string> Ops(Tensor output)
    {
        var names = new List<string>();
        var stack = new Stack<Tensor>([output]);
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        while (stack.Count > 0)
        {
            if (stack.Pop() is { GradFn: { } node } tensor && seen.Add(tensor))
            {
                names.Add(node.Name);
                foreach (var input in node.Inputs)
                {
                    stack.Push(input);
                }
            }
        }

        return names;
    }
}
