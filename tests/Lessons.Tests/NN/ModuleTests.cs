using Lessons.NN;
using Lessons.Random;
using Lessons.Tests.Support;

namespace Lessons.Tests.NN;

/// <summary>Module and Sequential: parameters and their names, indexing, modes, apply, zero_grad, printing.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class ModuleTests(string backend) : BackendFixture(backend)
{
    private static Sequential Mlp() => new(new Flatten(), new Linear(4, 3), new ReLU(), new Linear(3, 2));

    [Test]
    public void Named_parameters_follow_torch_dotted_names_in_registration_order()
    {
        var net = Mlp();

        net.NamedParameters().Select(p => p.Name).Should().Equal("1.weight", "1.bias", "3.weight", "3.bias");
        net.Parameters().Should().HaveCount(4);
        net.Count.Should().Be(4);
    }

    [Test]
    public void Indexing_reaches_a_layer_as_d2l_reads_net_0_weight()
    {
        var net = new Sequential(new Linear(2, 1));

        net[0].Should().BeOfType<Linear>();
        ReferenceEquals(net.Get<Linear>(0).Weight, ((Linear)net[0]).Weight).Should().BeTrue();
        net[-1].Should().BeSameAs(net[0]);
    }

    [Test]
    public void A_wrong_index_or_type_is_a_clear_error()
    {
        var net = Mlp();

        ((Action)(() => _ = net[4])).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Sequential: index 4 is out of range for 4 modules.*");
        ((Action)(() => net.Get<Linear>(2))).Should().Throw<InvalidCastException>()
            .WithMessage("Sequential: module 2 is a ReLU, not a Linear.");
    }

    [Test]
    public void Forward_runs_the_layers_in_order()
    {
        var net = Mlp();
        var X = Tensor.Normal(0, 1, [5, 2, 2], new Generator(1), backend: B);
        var first = net.Get<Linear>(1);
        var second = net.Get<Linear>(3);

        var hidden = HostMath.Linear(X.ToDoubles(), 5, first.Weight.ToDoubles(), first.Weight.Shape[0],
            first.Bias!.ToDoubles()).Select(v => Math.Max(v, 0)).ToArray();
        var expected = HostMath.Linear(hidden, 5, second.Weight.ToDoubles(), second.Weight.Shape[0],
            second.Bias!.ToDoubles());

        net.Forward(X).Should().HaveShape(5, second.Weight.Shape[0]).BeAllClose(expected, 1e-6, 1e-6);
    }

    [Test]
    public void Train_and_Eval_reach_every_descendant()
    {
        var inner = new Sequential(new Dropout(0.5));
        var net = new Sequential(new Linear(2, 2), inner);

        net.Eval();
        net.IsTraining.Should().BeFalse();
        inner[0].IsTraining.Should().BeFalse();
        net.Train();
        inner[0].IsTraining.Should().BeTrue();
    }

    [Test]
    public void Apply_visits_children_before_the_module_itself_as_torch()
    {
        var net = Mlp();
        var visited = new List<string>();

        net.Apply(m => visited.Add(m.GetType().Name));

        visited.Should().Equal("Flatten", "Linear", "ReLU", "Linear", "Sequential");
    }

    [Test]
    public void Apply_initialises_like_d2l_init_weights()
    {
        var net = new Sequential(new Flatten(), new Linear(784, 10));
        var generator = new Generator(0);

        net.Apply(m =>
        {
            if (m is Linear linear)
            {
                Init.Normal(linear.Weight, 0, 0.01, generator);
                Init.Zeros(linear.Bias!);
            }
        });

        var weights = net.Get<Linear>(1).Weight.ToDoubles();
        weights.Average().Should().BeApproximately(0, 0.001);
        Math.Sqrt(weights.Select(w => w * w).Average()).Should().BeApproximately(0.01, 0.0005);
        net.Get<Linear>(1).Bias!.ToDoubles().Should().OnlyContain(b => b == 0);
    }

    [Test]
    public void ZeroGrad_clears_every_parameter_gradient()
    {
        var net = Mlp();
        net.Forward(Tensor.Ones([3, 4], backend: B)).Sum().Backward();

        net.ZeroGrad();

        net.Parameters().Should().OnlyContain(p => p.Grad != null && p.Grad.ToDoubles().All(g => g == 0));
    }

    [Test]
    public void Parameters_outlive_the_scope_they_were_created_in()
    {
        Linear layer;
        using (Tensor.Scope())
        {
            layer = new Linear(2, 1);
        }

        layer.Weight.IsDisposed.Should().BeFalse();
        layer.Forward(Tensor.Ones([1, 2], backend: B)).Should().HaveShape(1, 1);
    }

    [Test]
    public void Printing_looks_like_torch()
    {
        Mlp().ToString().Should().Be(
            "Sequential(\n" +
            "  (0): Flatten(start_dim=1, end_dim=-1)\n" +
            "  (1): Linear(in_features=4, out_features=3, bias=True)\n" +
            "  (2): ReLU()\n" +
            "  (3): Linear(in_features=3, out_features=2, bias=True)\n" +
            ")");
    }

    [Test]
    public void Activations_and_flatten_do_what_they_say()
    {
        var x = F32([-1, 0, 2, -3, 4, 0.5f], 2, 3);

        new ReLU().Forward(x).Should().BeAllClose(0, 0, 2, 0, 4, 0.5);
        new Sigmoid().Forward(x).Should().BeAllClose(x.ToDoubles().Select(v => 1 / (1 + Math.Exp(-v))).ToArray());
        new Flatten().Forward(x.Reshape(2, 1, 3)).Should().HaveShape(2, 3);
        new Flatten(0).Forward(x).Should().HaveShape(6);
    }
}
