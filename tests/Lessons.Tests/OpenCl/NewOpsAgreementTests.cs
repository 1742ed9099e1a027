using Lessons.Backends;

namespace Lessons.Tests.OpenCl;

/// <summary>
/// The shape, product, reduction and element-wise ops added for the next chapters: OpenCL against the CPU reference,
/// forward and backward (with the same upstream gradient), on sizes that cross work-group boundaries.
/// </summary>
[TestFixture(DType.Float32)]
[TestFixture(DType.Float64)]
public sealed class NewOpsAgreementTests(DType dtype) : AgreementFixture(dtype)
{
    /// <summary>1, small odd sizes, one below and one above 256 (a work-group), and one above 1024.</summary>
    public static readonly int[] EdgeSizes = [1, 3, 17, 255, 257, 1025];

    /// <summary>An op, its inputs' shapes for a size n, and how its inputs are drawn.</summary>
    public sealed record Op(string Name, Func<int, int[][]> Shapes, Func<Tensor[], Tensor> F, bool NearOne = false)
    {
        public override string ToString() => Name;
    }

    public static readonly Op[] Ops =
    [
        new("Permute", n => [[2, n, 3]], x => x[0].Permute(1, 2, 0)),
        new("Unsqueeze·Squeeze", n => [[n, 2]], x => x[0].Unsqueeze(1).Squeeze(-1)),
        new("Flip 0", n => [[n, 3]], x => x[0].Flip(0)),
        new("Flip last", n => [[3, n]], x => x[0].Flip(-1)),
        new("Cat", n => [[3, n], [3, 2], [3, 1]], x => Tensor.Cat([x[0], x[1], x[2]], 1)),
        new("Stack", n => [[n], [n]], x => Tensor.Stack([x[0], x[1]], 0)),
        new("MatMul batched", n => [[2, 3, n], [n, 5]], x => x[0].MatMul(x[1])),
        new("Bmm", n => [[2, n, 3], [2, 3, 2]], x => x[0].Bmm(x[1])),
        new("Sum axes", n => [[3, n, 2]], x => x[0].Sum([0, 2])),
        new("Mean axes", n => [[3, n, 2]], x => x[0].Mean([1, 2], keepDim: true)),
        new("LogSumExp", n => [[3, n]], x => x[0].LogSumExp(1)),
        new("LogSumExp axis 0", n => [[n, 3]], x => x[0].LogSumExp(0, keepDim: true)),
        new("Var", n => [[3, n]], x => x[0].Var(1)),
        new("Std", n => [[n, 3]], x => x[0].Std(0, unbiased: false)),
        new("CumSum", n => [[n]], x => x[0].CumSum(0)),
        new("CumSum axis 0", n => [[n, 3]], x => x[0].CumSum(0)),
        new("Prod", n => [[n]], x => x[0].Prod(), NearOne: true),
        new("Prod axis", n => [[2, n]], x => x[0].Prod(1), NearOne: true),
        new("Sin", n => [[n]], x => x[0].Sin()),
        new("Cos", n => [[n]], x => x[0].Cos()),
        new("LeakyRelu", n => [[n]], x => x[0].LeakyRelu(0.1)),
        new("Softplus", n => [[n]], x => (x[0] * 15).Softplus()),
    ];

    public static IEnumerable<TestCaseData> Cases() =>
        from op in Ops
        from n in EdgeSizes
        select new TestCaseData(op, n).SetName($"{{m}}({op.Name}, {n})");

    [TestCaseSource(nameof(Cases))]
    public void Agrees_forward_and_backward(Op op, int n)
    {
        using var agree = Agree(n);
        var values = op.Shapes(n).Select(s => Draw(agree, new Shape(s).Numel, op.NearOne)).ToArray();
        var (cpu, cpuGrads) = Run(op, n, values, Cpu);
        var (ocl, oclGrads) = Run(op, n, values, Ocl);

        var tolerance = AgreementTolerances.Accumulated(DType, n);
        Support.AllCloseAssertions.AssertAllClose(ocl, cpu, tolerance.Atol, tolerance.Rtol, $"{op} of {n}");
        for (var k = 0; k < cpuGrads.Length; k++)
        {
            Support.AllCloseAssertions.AssertAllClose(
                oclGrads[k], cpuGrads[k], tolerance.Atol, tolerance.Rtol, $"the gradient of input {k} of {op} of {n}");
        }
    }

    [Test]
    public void Ne_against_a_number_agrees([ValueSource(nameof(EdgeSizes))] int n)
    {
        using var agree = Agree(n);
        var values = agree.Integers(n, -2, 3);
        values[0] = double.NaN;
        var cpu = Tensor.FromDoubles(values, new Shape(n), DType, Cpu).Ne(1).ToDoubles();
        var ocl = Tensor.FromDoubles(values, new Shape(n), DType, Ocl).Ne(1).ToDoubles();

        ocl.Should().Equal(cpu);
        cpu[0].Should().Be(1, "NaN is unequal to everything");
    }

    private static double[] Draw(Agreement agree, int count, bool nearOne) =>
        nearOne ? [.. agree.Normal(count).Select(v => 1 + (0.01 * v))] : agree.Normal(count);

    /// <summary>The op on one backend: its output, then every input's gradient for a fixed upstream gradient.</summary>
    private (double[] Output, double[][] Grads) Run(Op op, int n, double[][] values, IBackend backend)
    {
        using var scope = Tensor.Scope();
        var shapes = op.Shapes(n);
        var inputs = values.Select((v, k) => Tensor.FromDoubles(v, new Shape(shapes[k]), DType, backend)).ToArray();
        foreach (var input in inputs)
        {
            input.RequiresGrad = true;
        }

        var output = op.F(inputs);
        // An upstream gradient that is not all ones (so a rule that ignores it fails), the same on both backends.
        var upstream = Tensor.FromDoubles(
            [.. Enumerable.Range(0, output.Numel).Select(i => 0.5 + (i % 7 * 0.25))], output.Shape, DType, backend);
        output.Backward(upstream);
        return (output.ToDoubles(), [.. inputs.Select(i => i.Grad!.ToDoubles())]);
    }
}
