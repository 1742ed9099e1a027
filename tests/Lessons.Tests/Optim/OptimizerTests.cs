using Lessons.NN;
using Lessons.Optim;
using Lessons.Tests.Reference;
using Lessons.Tests.Support;

namespace Lessons.Tests.Optim;

/// <summary>
/// Sgd and Adam beyond the PyTorch trajectories (which the Reference tests replay from optimizers.json): their
/// state, what they skip, where their state lives, and their errors.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class OptimizerTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void The_pytorch_trajectories_cover_every_configuration_the_issue_names()
    {
        var names = ReferenceFolder.Load(Path.Combine(AppContext.BaseDirectory, "Reference"))
            .Where(c => c.Kind == "optimizer").Select(c => c.Name).ToList();

        names.Should().Contain(["SGD_plain", "SGD_momentum", "SGD_weight_decay", "SGD_nesterov", "SGD_dampening",
            "SGD_momentum_weight_decay", "Adam_plain", "Adam_weight_decay", "Adam_amsgrad", "Adam_amsgrad_fast_beta2"]);
    }

    [Test]
    public void Plain_sgd_subtracts_lr_times_the_gradient()
    {
        var p = Param([1, 2, 3]);
        p.Grad = F64([0.5, -1, 2], 3);

        new Sgd([p], lr: 0.1).Step();

        p.Should().BeAllClose([0.95, 2.1, 2.8], 1e-15, 0);
    }

    [Test]
    public void The_momentum_buffer_starts_as_the_first_gradient_and_outlives_the_step_scope()
    {
        var p = Param([1, 2]);
        var sgd = new Sgd([p], lr: 0.1, momentum: 0.9, dampening: 0.5);
        using (Tensor.Scope())
        {
            p.Grad = F64([1, -1], 2);
            sgd.Step();
        }

        var buffer = sgd.MomentumBuffer(p)!;
        buffer.IsDisposed.Should().BeFalse();
        buffer.Should().BeAllClose([1, -1], 0, 0); // no dampening on the first step, as torch
        using (Tensor.Scope())
        {
            p.Grad = F64([2, 2], 2);
            sgd.Step();
        }

        buffer.Should().BeAllClose([0.9 + 1, -0.9 + 1], 1e-15, 0); // 0.9·b + (1 − 0.5)·g
    }

    [Test]
    public void Adam_keeps_its_moments_and_step_count_per_parameter()
    {
        var p = Param([1, 2]);
        var q = Param([3]);
        var adam = new Adam([p, q], lr: 0.1);
        p.Grad = F64([0.5, -0.5], 2);
        using (Tensor.Scope())
        {
            adam.Step();
            adam.Step();
        }

        var state = adam.State(p)!;
        state.Step.Should().Be(2);
        state.ExpAvg.IsDisposed.Should().BeFalse();
        state.ExpAvg.Should().BeAllClose([0.5 * 0.19, -0.5 * 0.19], 1e-15, 1e-12); // (1 − 0.9²)·g
        (state.MaxExpAvgSq is null).Should().BeTrue();
        adam.State(q).Should().BeNull(); // no gradient, no step
        q.Should().BeAllClose([3], 0, 0);
    }

    [Test]
    public void The_first_adam_step_moves_each_parameter_by_about_lr_whatever_the_gradient_scale()
    {
        var p = Param([0, 0, 0]);
        p.Grad = F64([1e-3, -10, 1e3], 3);

        new Adam([p], lr: 0.01).Step();

        p.Should().BeAllClose([-0.01, 0.01, -0.01], 1e-7, 0);
    }

    [Test]
    public void ZeroGrad_zeroes_every_gradient_and_the_learning_rate_can_change()
    {
        var net = new Linear(3, 2);
        net.Forward(Tensor.Ones([1, 3], backend: Device)).Sum().Backward();
        var sgd = new Sgd(net.Parameters(), lr: 0.5);

        sgd.ZeroGrad();
        sgd.LearningRate = 0.05;

        net.Parameters().Should().OnlyContain(p => p.Grad!.ToDoubles().All(g => g == 0));
        sgd.LearningRate.Should().Be(0.05);
    }

    [Test]
    public void Invalid_settings_are_refused_as_torch_refuses_them()
    {
        var p = Param([1]);

        ((Action)(() => new Sgd([p], lr: -1))).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Sgd: invalid learning rate: -1.*");
        ((Action)(() => new Sgd([p], lr: 0.1, nesterov: true))).Should().Throw<ArgumentException>()
            .WithMessage("Sgd: Nesterov momentum requires a momentum and zero dampening.");
        ((Action)(() => new Sgd([p], lr: 0.1, momentum: -0.5))).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Sgd: invalid momentum value: -0.5.*");
        ((Action)(() => new Adam([p], betas: (0.9, 1.0)))).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Adam: invalid beta parameter at index 1: 1.*");
        ((Action)(() => new Adam([]))).Should().Throw<ArgumentException>()
            .WithMessage("Adam: got an empty parameter list.*");
        ((Action)(() => new Adam([p, p]))).Should().Throw<ArgumentException>()
            .WithMessage("Adam: parameter 1 ((1)) appears twice.*");
        ((Action)(() => new Sgd([p * 2], lr: 0.1))).Should().Throw<ArgumentException>()
            .WithMessage("Sgd: parameter 0 ((1)) must be a floating-point leaf tensor*");
    }

    private Tensor Param(double[] values)
    {
        var p = F64(values, values.Length);
        p.RequiresGrad = true;
        return p;
    }
}
