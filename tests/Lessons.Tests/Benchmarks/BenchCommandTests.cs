using System.CommandLine;
using Lessons.Benchmarks;
using Lessons.Cli;

namespace Lessons.Tests.Benchmarks;

/// <summary><c>lessons bench</c>'s arguments and the figure names scripts read from its JSON.</summary>
public sealed class BenchCommandTests
{
    [Test]
    public void An_unknown_backend_is_refused_with_the_valid_ones_and_all()
    {
        var output = new StringWriter();

        var exit = LessonsCommand.Build().Parse(["bench", "--backend", "cuda"])
            .Invoke(new InvocationConfiguration { Output = output, Error = output });

        exit.Should().NotBe(0);
        output.ToString().Should().Contain("cuda").And.Contain("all").And.NotContain("   at ");
    }

    [Test]
    public void Every_figure_compare_pytorch_reads_is_measured_on_each_backend()
    {
        // bench/pytorch_bench.py and compare-pytorch.sh pair PyTorch's figures with ours by these keys.
        BackendBenchmark.All.Select(b => b.Key).Should().Contain(
        [
            "matmul_256x784_784x10", "matmul_784x256T_256x10", "matmul_1024", "softmax_ce_fused_256x10",
            "softmax_ce_scratch_256x10", "softmax_scratch_epoch", "mlp_epoch", "lenet_epoch",
        ]).And.OnlyHaveUniqueItems();
    }
}
