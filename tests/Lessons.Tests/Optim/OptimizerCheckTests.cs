using Lessons.Backends.Cpu;
using Lessons.Optim;
using Lessons.Tests.Support;

namespace Lessons.Tests.Optim;

/// <summary>
/// What the optimizers accept and refuse, as torch.optim does in 1.13: each bad setting refused with a message
/// naming the optimizer and the setting, each boundary (lr = 0, β = 0, eps = 0, no decay) accepted and doing what it
/// says; and the per-parameter state of every parameter, not only the first.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class OptimizerCheckTests(string backend) : BackendFixture(backend)
{
    public static IEnumerable<TestCaseData> Refused()
    {
        static TestCaseData Case(string name, Func<Tensor, object> make, Type type, string message) =>
            new TestCaseData(make, type, message).SetArgDisplayNames(name);

        var outOfRange = typeof(ArgumentOutOfRangeException);
        yield return Case("Sgd lr -1", p => new Sgd([p], lr: -1), outOfRange, "Sgd: invalid learning rate: -1.*");
        yield return Case("Sgd lr NaN", p => new Sgd([p], lr: double.NaN), outOfRange,
            "Sgd: invalid learning rate: NaN.*");
        yield return Case("Sgd momentum -0.5", p => new Sgd([p], lr: 0.1, momentum: -0.5), outOfRange,
            "Sgd: invalid momentum value: -0.5.*");
        yield return Case("Sgd weight decay -1e-4", p => new Sgd([p], lr: 0.1, weightDecay: -1e-4), outOfRange,
            "Sgd: invalid weightDecay value: -0.0001.*");
        yield return Case("Sgd nesterov without momentum", p => new Sgd([p], lr: 0.1, nesterov: true),
            typeof(ArgumentException), "Sgd: Nesterov momentum requires a momentum and zero dampening.");
        yield return Case("Sgd nesterov with dampening",
            p => new Sgd([p], lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true), typeof(ArgumentException),
            "Sgd: Nesterov momentum requires a momentum and zero dampening.");
        yield return Case("Adam lr -0.001", p => new Adam([p], lr: -0.001), outOfRange,
            "Adam: invalid learning rate: -0.001.*");
        yield return Case("Adam beta1 -0.1", p => new Adam([p], betas: (-0.1, 0.999)), outOfRange,
            "Adam: invalid beta parameter at index 0: -0.1.*");
        yield return Case("Adam beta1 1", p => new Adam([p], betas: (1, 0.999)), outOfRange,
            "Adam: invalid beta parameter at index 0: 1.*");
        yield return Case("Adam beta2 1", p => new Adam([p], betas: (0.9, 1)), outOfRange,
            "Adam: invalid beta parameter at index 1: 1.*");
        yield return Case("Adam beta2 -1e-9", p => new Adam([p], betas: (0.9, -1e-9)), outOfRange,
            "Adam: invalid beta parameter at index 1: -1E-09.*");
        yield return Case("Adam beta2 NaN", p => new Adam([p], betas: (0.9, double.NaN)), outOfRange,
            "Adam: invalid beta parameter at index 1: NaN.*");
        yield return Case("Adam eps -1e-8", p => new Adam([p], eps: -1e-8), outOfRange,
            "Adam: invalid eps value: -1E-08.*");
        yield return Case("Adam eps NaN", p => new Adam([p], eps: double.NaN), outOfRange,
            "Adam: invalid eps value: NaN.*");
        yield return Case("Adam weight decay -0.01", p => new Adam([p], weightDecay: -0.01), outOfRange,
            "Adam: invalid weightDecay value: -0.01.*");
        yield return Case("Adam empty list", _ => new Adam([]), typeof(ArgumentException),
            "Adam: got an empty parameter list.*");
        yield return Case("Sgd null list", _ => new Sgd(null!, lr: 0.1), typeof(ArgumentNullException),
            "Sgd: got no parameter list (null).*");
        yield return Case("Adam null parameter", p => new Adam([p, null!]), typeof(ArgumentNullException),
            "Adam: parameter 1 is null.*");
        yield return Case("Adam repeated parameter", p => new Adam([p, p]), typeof(ArgumentException),
            "Adam: parameter 1 ((3)) appears twice.*");
        yield return Case("Sgd non-leaf", p => new Sgd([p * 2], lr: 0.1), typeof(ArgumentException),
            "Sgd: parameter 0 ((3)) must be a floating-point leaf tensor*");
        yield return Case("Sgd integer tensor", p => new Sgd([p.To(DType.Int32)], lr: 0.1), typeof(ArgumentException),
            "Sgd: parameter 0 ((3)) must be a floating-point leaf tensor*");
    }

    [TestCaseSource(nameof(Refused))]
    public void A_bad_setting_is_refused_naming_the_optimizer_and_the_setting(Func<Tensor, object> make,
        Type exception, string message)
    {
        var p = Param([1, 2, 3]);

        var act = () => make(p);

        act.Should().Throw<ArgumentException>().WithMessage(message).Which.Should().BeOfType(exception);
    }

    [Test]
    public void A_negative_learning_rate_set_later_is_refused_and_the_old_one_kept()
    {
        var sgd = new Sgd([Param([1])], lr: 0.1);

        ((Action)(() => sgd.LearningRate = -0.5)).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Sgd: invalid learning rate: -0.5.*");
        sgd.LearningRate.Should().Be(0.1);
    }

    [Test]
    public void A_learning_rate_of_zero_is_accepted_and_moves_nothing()
    {
        var p = Param([1, -2, 3]);
        var q = Param([4, 5, 6]);
        p.Grad = F64([1, 1, 1], 3);
        q.Grad = F64([1, 1, 1], 3);

        new Sgd([p], lr: 0, momentum: 0.9, weightDecay: 0.1).Step();
        new Adam([q], lr: 0).Step();

        p.Should().BeAllClose([1, -2, 3], 0, 0);
        q.Should().BeAllClose([4, 5, 6], 0, 0);
    }

    [Test]
    public void Betas_of_zero_are_accepted_and_make_adam_a_sign_step()
    {
        // β₁ = β₂ = 0: m = g, v = g², bias corrections 1, so p − lr·g/(|g| + eps), as torch.
        var p = Param([0, 0, 0]);
        var adam = new Adam([p], lr: 0.5, betas: (0, 0), eps: 0);

        p.Grad = F64([2, -4, 0.25], 3);
        adam.Step();
        p.Grad = F64([-1, 1, 8], 3);
        adam.Step();

        adam.Beta1.Should().Be(0);
        adam.Beta2.Should().Be(0);
        p.Should().BeAllClose([0, 0, -1], 1e-15, 0);
    }

    [Test]
    public void Eps_and_weight_decay_of_zero_are_accepted()
    {
        var p = Param([1]);

        var adam = new Adam([p], eps: 0, weightDecay: 0);
        var sgd = new Sgd([p], lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0);

        (adam.Eps, adam.WeightDecay, sgd.Momentum, sgd.WeightDecay).Should().Be((0.0, 0.0, 0.0, 0.0));
    }

    [Test]
    public void Settings_are_kept_as_given()
    {
        var p = Param([1]);

        var adam = new Adam([p], lr: 0.01, betas: (0.8, 0.99), eps: 1e-6, weightDecay: 0.1, amsgrad: true);
        var sgd = new Sgd([p], lr: 0.2, momentum: 0.9, dampening: 0, weightDecay: 0.3, nesterov: true);

        (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Eps, adam.WeightDecay, adam.AmsGrad)
            .Should().Be((0.01, 0.8, 0.99, 1e-6, 0.1, true));
        (sgd.LearningRate, sgd.Momentum, sgd.Dampening, sgd.WeightDecay, sgd.Nesterov)
            .Should().Be((0.2, 0.9, 0.0, 0.3, true));
        sgd.Parameters.Should().Equal(p);
    }

    [Test]
    public void Each_parameter_has_its_own_momentum_buffer_and_an_unknown_tensor_has_none()
    {
        var p = Param([1, 2]);
        var q = Param([3, 4, 5]);
        var sgd = new Sgd([p, q], lr: 0.1, momentum: 0.5);
        p.Grad = F64([1, 1], 2);
        q.Grad = F64([2, -2, 4], 3);

        sgd.Step();
        sgd.Step();

        sgd.MomentumBuffer(p)!.Should().BeAllClose([1.5, 1.5], 0, 0); // 0.5·g + g
        sgd.MomentumBuffer(q)!.Should().BeAllClose([3, -3, 6], 0, 0);
        (sgd.MomentumBuffer(Param([1, 2])) is null).Should()
            .BeTrue("a tensor the optimizer does not hold has no buffer");
        q.Should().BeAllClose([3 - 0.2 - 0.3, 4 + 0.2 + 0.3, 5 - 0.4 - 0.6], 1e-15, 0);
    }

    [Test]
    public void Each_parameter_has_its_own_adam_state_and_an_unknown_tensor_has_none()
    {
        var p = Param([1, 2]);
        var q = Param([3, 4, 5]);
        var adam = new Adam([p, q], lr: 0.1, amsgrad: true);
        q.Grad = F64([2, -2, 4], 3);

        adam.Step();
        p.Grad = F64([1, 1], 2);
        adam.Step();

        adam.State(p)!.Step.Should().Be(1);
        adam.State(q)!.Step.Should().Be(2);
        adam.State(q)!.ExpAvg.Should().BeAllClose([2 * 0.19, -2 * 0.19, 4 * 0.19], 1e-15, 1e-14); // (1 − 0.9²)·g
        adam.State(q)!.ExpAvgSq.Should().BeAllClose([4 * 0.001999, 4 * 0.001999, 16 * 0.001999], 1e-15, 1e-12);
        adam.State(q)!.MaxExpAvgSq!.Should().BeAllClose([4 * 0.001999, 4 * 0.001999, 16 * 0.001999], 1e-15, 1e-12);
        adam.State(Param([1, 2])).Should().BeNull("a tensor the optimizer does not hold has no state");
    }

    [Test]
    public void Sgd_without_decay_or_momentum_keeps_infinities_and_no_buffer_as_torch()
    {
        // torch 1.13 adds weight_decay·p only when weight_decay ≠ 0 and keeps no momentum_buffer when momentum = 0:
        // 0·∞ would turn an infinite parameter, or a buffer holding an infinite gradient, into NaN.
        var p = Param([double.PositiveInfinity, 1]);
        var q = Param([1, 1]);
        var sgd = new Sgd([p, q], lr: 0.1);

        p.Grad = F64([1, 1], 2);
        q.Grad = F64([double.PositiveInfinity, 1], 2);
        sgd.Step();
        q.Grad = F64([1, 1], 2);
        sgd.Step();

        p.ToDoubles().Should().Equal(double.PositiveInfinity, 1 - 0.1 - 0.1);
        q.ToDoubles().Should().Equal(double.NegativeInfinity, 1 - 0.1 - 0.1);
        (sgd.MomentumBuffer(p) is null).Should().BeTrue("without momentum torch keeps no buffer");
    }

    [Test]
    public void Parameters_on_another_backend_keep_their_state_there()
    {
        using var other = new CpuBackend();
        var p = Tensor.FromArray(new double[] { 1, 2 }, new Shape(2), other);
        p.RequiresGrad = true;
        p.Grad = Tensor.FromArray(new double[] { 1, -1 }, new Shape(2), other);
        var adam = new Adam([p], lr: 0.1);

        adam.Step();

        ReferenceEquals(adam.State(p)!.ExpAvg.Backend, other).Should().BeTrue();
        p.Should().BeAllClose([0.9, 2.1], 1e-7, 0);
    }

    private Tensor Param(double[] values)
    {
        var p = F64(values, values.Length);
        p.RequiresGrad = true;
        return p;
    }
}
