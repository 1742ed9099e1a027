using Lessons.Tests.Support;

namespace Lessons.Tests.Core;

/// <summary>Every operation on a tensor its scope released gives the same helpful message, never the buffer's
/// own "Cannot access a disposed object" text with a .NET type name.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class DisposedTensorTests(string backend) : BackendFixture(backend)
{
    private static readonly Func<Tensor, object>[] Operations =
    [
        t => t.Sum(), t => t.Mean(), t => t.Reshape(-1), t => t.Detach(), t => t.ToArray<float>(), t => t + t,
    ];

    [Test]
    public void Sum_Mean_Reshape_and_the_rest_say_the_scope_released_it([Range(0, 5)] int operation)
    {
        Tensor kept;
        using (Tensor.Scope())
        {
            kept = F32([1, 2, 3, 4], 2, 2);
        }

        var act = () => Operations[operation](kept);

        act.Should().Throw<ObjectDisposedException>()
            .WithMessage("This (2x2) tensor was disposed, by Dispose() or by the Tensor.Scope() it was created in*")
            .Which.Message.Should().NotContain("CpuBuffer").And.NotContain("OpenClBuffer");
    }
}
