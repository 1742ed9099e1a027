using System.Text.Json;
using Lessons.Tests.Support;

namespace Lessons.Tests.Reference;

/// <summary>
/// The runner's refusal branch: a case where torch raised passes only when the library refuses it with its own
/// error naming the loss, and fails when the library computes a number instead.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class LossCaseRunnerTests(string backend) : BackendFixture(backend)
{
    // torch 1.13 broadcasts (3x1) against (3) with a warning; the library refuses it, which the case records as
    // an error for every reduction.
    private const string Mismatch = """
        {"name": "L1Loss_mismatch", "kind": "loss", "loss": "L1Loss", "target_kind": "values",
         "input": [[1], [2], [3]], "target": [1, 2, 3], "outputs": {"mean": 0}, "grads": {"mean": [0, 0, 0]},
         "errors": {"mean": "shapes differ"}}
        """;

    [Test]
    public void A_case_torch_refuses_passes_when_the_loss_refuses_it_naming_itself()
    {
        var act = () => LossCaseRunner.Run(Case(Mismatch), B, DType.Float64);

        act.Should().NotThrow();
    }

    [Test]
    public void A_case_torch_refuses_fails_when_the_loss_computes_a_number()
    {
        var accepted = Mismatch.Replace("[[1], [2], [3]]", "[1, 2, 3]");

        var act = () => LossCaseRunner.Run(Case(accepted), B, DType.Float64);

        act.Should().Throw<AssertionException>().WithMessage("*torch refused*");
    }

    private static ReferenceCase Case(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new ReferenceCase("test.json", "case", document.RootElement.Clone());
    }
}
