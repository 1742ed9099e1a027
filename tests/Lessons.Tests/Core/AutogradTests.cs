using Lessons.Tests.Support;

namespace Lessons.Tests.Core;

/// <summary>How gradients accumulate, when the graph is recorded and released, and deep graphs.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class AutogradTests(string backend) : BackendFixture(backend)
{
    [Test]
    public void Gradients_accumulate_across_backward_calls_until_zeroed()
    {
        var x = F64([1, 2, 3], 3);
        x.RequiresGrad = true;

        (x * x).Sum().Backward();
        (x * x).Sum().Backward();

        x.Grad!.Should().BeAllClose(4, 8, 12);
        x.ZeroGrad();
        x.Grad!.Should().BeAllClose(0, 0, 0);
    }

    [Test]
    public void A_tensor_used_twice_receives_both_gradients()
    {
        var x = F64([3], 1);
        x.RequiresGrad = true;
        var y = x * x * x + (2 * x); // y = x³ + 2x, dy/dx = 3x² + 2 = 29

        y.Backward();

        x.Grad!.Should().BeAllClose(29);
    }

    [Test]
    public void Backward_with_an_explicit_upstream_gradient()
    {
        var x = F64([1, 2], 2);
        x.RequiresGrad = true;

        (x * 3).Backward(F64([1, 10], 2));

        x.Grad!.Should().BeAllClose(3, 30);
    }

    [Test]
    public void Backward_needs_a_gradient_for_outputs_with_many_elements()
    {
        var x = F64([1, 2], 2);
        x.RequiresGrad = true;

        var act = () => (x * 2).Backward();

        act.Should().Throw<InvalidOperationException>().WithMessage("*only for one-element outputs*(2)*");
    }

    [Test]
    public void The_graph_is_released_after_backward_and_a_second_pass_is_a_clear_error()
    {
        var x = F64([1, 2], 2);
        x.RequiresGrad = true;
        var y = (x.Exp() * 2).Sum();

        y.Backward();
        var again = () => y.Backward();

        again.Should().Throw<InvalidOperationException>().WithMessage("*already released*retainGraph*");
        y.GradFn!.IsReleased.Should().BeTrue();
    }

    [Test]
    public void RetainGraph_allows_a_second_backward()
    {
        var x = F64([1, 2], 2);
        x.RequiresGrad = true;
        var y = (x * x).Sum();

        y.Backward(retainGraph: true);
        y.Backward();

        x.Grad!.Should().BeAllClose(4, 8);
    }

    [Test]
    public void NoGrad_records_nothing_and_Detach_cuts_the_graph()
    {
        var x = F64([1, 2], 2);
        x.RequiresGrad = true;

        Tensor inside;
        using (Tensor.NoGrad())
        {
            inside = x * 2;
        }

        inside.RequiresGrad.Should().BeFalse();
        inside.GradFn.Should().BeNull();
        var detached = (x * 2).Detach();
        detached.RequiresGrad.Should().BeFalse();
        detached.Should().BeAllClose(2, 4);
    }

    [Test]
    public void In_place_updates_of_parameters_need_NoGrad()
    {
        var w = F64([1, 2], 2);
        w.RequiresGrad = true;
        var update = F64([0.5, 0.5], 2);

        var outside = () => w -= update;
        outside.Should().Throw<InvalidOperationException>().WithMessage("*requires grad*NoGrad*");

        using (Tensor.NoGrad())
        {
            w -= update;
        }

        w.Should().BeAllClose(0.5, 1.5);
        w.RequiresGrad.Should().BeTrue();
    }

    [Test]
    public void A_chain_of_100000_operations_backpropagates_without_stack_overflow()
    {
        var x = F64([1], 1);
        x.RequiresGrad = true;
        using var scope = Tensor.Scope();

        var y = x;
        for (var i = 0; i < 100_000; i++)
        {
            y = y + 1e-5;
        }

        y.Sum().Backward();

        x.Grad!.Should().BeAllClose(1);
        y.Should().BeAllClose(2);
    }

    [Test]
    public void A_scope_releases_its_temporaries_and_keeps_what_is_kept()
    {
        var x = F32([1, 2], 2);
        Tensor temporary, kept;
        using (var scope = Tensor.Scope())
        {
            temporary = x * 2;
            kept = scope.Keep(x * 3);
        }

        temporary.IsDisposed.Should().BeTrue();
        temporary.Invoking(t => t.ToArray<float>()).Should().Throw<ObjectDisposedException>()
            .WithMessage("*(2) tensor was disposed*Tensor.Scope()*scope.Keep*");
        kept.IsDisposed.Should().BeFalse();
        x.IsDisposed.Should().BeFalse();
        kept.Should().BeAllClose(3, 6);
    }

    [Test]
    public void Parameter_gradients_survive_the_scope_of_the_training_step()
    {
        var w = F32([1, 2], 2);
        w.RequiresGrad = true;
        using (Tensor.Scope())
        {
            (w * w).Sum().Backward();
        }

        w.Grad!.IsDisposed.Should().BeFalse();
        w.Grad.Should().BeAllClose(2, 4);
    }
}
