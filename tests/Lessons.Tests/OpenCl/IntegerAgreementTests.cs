using Lessons.Backends;

namespace Lessons.Tests.OpenCl;

/// <summary>What Int32 buffers must support: fill, copy, cast, every binary op, where and every reduction.</summary>
public sealed class IntegerAgreementTests() : AgreementFixture(DType.Int32)
{
    [Test]
    public void Binary_agrees_on_integers([Values] BinaryOp op)
    {
        using var agree = Agree((int)op);
        int[] output = [33, 255];
        var layout = BroadcastLayout.For(new Shape(output), new Shape(33, 1), new Shape(output));
        var a = agree.Upload(agree.Integers(33, -50, 50), DType);

        // Divisors and exponents stay small and non-zero; 0 ** negative and x / 0 are errors of their own.
        var bValues = agree.Integers(33 * 255, 1, 6)
            .Select((v, i) => i % 2 == 0 || op == BinaryOp.Pow ? v : -v).ToArray();
        var b = agree.Upload(bValues, DType);
        var y = agree.Zeros(DType, 33 * 255);
        agree.Run(be => be.Binary(op, a.On(be), b.On(be), y.On(be), layout));
        agree.ShouldAgree(y, AgreementTolerances.Exact, $"int {op}");
    }

    [Test]
    public void Where_copy_and_fill_agree_on_integers()
    {
        using var agree = Agree();
        var layout = BroadcastLayout.For(new Shape(7, 31), new Shape(7, 1), new Shape(31), new Shape(7, 31));
        var condition = agree.Upload(agree.Integers(7, 0, 2), DType);
        var a = agree.Upload(agree.Integers(31, -9, 9), DType);
        var b = agree.Upload(agree.Integers(7 * 31, -9, 9), DType);
        var y = agree.Zeros(DType, 7 * 31);
        agree.Run(be => be.Where(condition.On(be), a.On(be), b.On(be), y.On(be), layout));
        agree.ShouldAgree(y, AgreementTolerances.Exact, "where");

        var transposed = agree.Zeros(DType, 7 * 31);
        agree.Run(be => be.Copy(y.On(be), new BroadcastLayout([31, 7], [[1, 31]]), transposed.On(be)));
        agree.ShouldAgree(transposed, AgreementTolerances.Exact, "copy");

        agree.Run(be => be.Fill(y.On(be), -7.9));
        agree.ShouldAgree(y, AgreementTolerances.Exact, "fill truncates");
    }

    [Test]
    public void Reduce_agrees_on_integers(
        [Values] ReduceOp op,
        [ValueSource(typeof(RowsAgreementTests), nameof(RowsAgreementTests.Layouts))] AxisLayout layout)
    {
        using var agree = Agree(layout.Axis);
        var n = layout.Outer * layout.Axis * layout.Inner;
        var x = agree.Upload(agree.Integers(n, -1000, 1000), DType);
        var y = agree.Zeros(DType.Int32, layout.Outer * layout.Inner);
        agree.Run(b => b.Reduce(op, x.On(b), y.On(b), layout));
        agree.ShouldAgree(y, AgreementTolerances.Exact, $"int {op} over {layout}");
    }

    [Test]
    public void Cast_agrees_from_integers([Values(DType.Float32, DType.Float64)] DType target)
    {
        OpenClTestDevice.RequireSupport(Ocl, target);

        using var agree = Agree();
        double[] values = [int.MaxValue, int.MinValue, 16777217, -16777217, 0, 1, -1];
        var x = agree.Upload([.. values, .. agree.Integers(255, -100000, 100000)], DType);
        var y = agree.Zeros(target, x.Cpu.Length);
        agree.Run(b => b.Cast(x.On(b), y.On(b)));
        agree.ShouldAgree(y, AgreementTolerances.Exact, $"Int32 -> {target}");
    }
}
