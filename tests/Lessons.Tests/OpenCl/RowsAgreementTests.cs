using Lessons.Backends;

namespace Lessons.Tests.OpenCl;

/// <summary>Reductions along an axis and the softmax family: OpenCL against the CPU reference.</summary>
[TestFixture(DType.Float32)]
[TestFixture(DType.Float64)]
public sealed class RowsAgreementTests(DType dtype) : AgreementFixture(dtype)
{
    /// <summary>(Outer, Axis, Inner) views: long rows, many short ones, wide inner blocks, a length-1 axis.</summary>
    public static readonly AxisLayout[] Layouts =
    [
        new(1, 1000, 1), new(7, 33, 31), new(33, 257, 1), new(1, 7, 255), new(255, 1, 7), new(3, 1000, 5),
        new(1, 1, 1),
    ];

    /// <summary>(rows, cols) of the softmax family: single elements, d2l's 10 classes, wide and tall.</summary>
    public static readonly int[][] Rows = [[1, 1], [7, 10], [256, 10], [33, 257], [1, 1000], [1000, 7]];

    [Test]
    public void Reduce_agrees([Values] ReduceOp op, [ValueSource(nameof(Layouts))] AxisLayout layout)
    {
        using var agree = Agree(layout.Axis);
        var n = layout.Outer * layout.Axis * layout.Inner;
        var isArg = op is ReduceOp.ArgMax or ReduceOp.ArgMin;

        // Small integers make ties, so "the first index wins" is really tested.
        var x = agree.Upload(isArg ? agree.Integers(n, -3, 4) : agree.Normal(n), DType);
        var y = agree.Zeros(isArg ? DType.Int32 : DType, layout.Outer * layout.Inner);
        agree.Run(b => b.Reduce(op, x.On(b), y.On(b), layout));
        var tolerance = op switch
        {
            ReduceOp.Sum => AgreementTolerances.Accumulated(DType, layout.Axis),
            ReduceOp.Prod => AgreementTolerances.Product(DType, layout.Axis),
            _ => AgreementTolerances.Exact,
        };
        agree.ShouldAgree(y, tolerance, $"{op} over {layout}");
    }

    [Test]
    public void Reduce_propagates_NaN_like_the_CPU([Values] ReduceOp op)
    {
        using var agree = Agree();
        var layout = new AxisLayout(4, 33, 3);
        var values = agree.Normal(4 * 33 * 3);
        values[5] = double.NaN;
        values[3 * 99 + 40] = double.NaN;
        values[3 * 99 + 41] = double.NaN; // two NaNs in one column: the first one wins an ArgMax
        var x = agree.Upload(values, DType);
        var isArg = op is ReduceOp.ArgMax or ReduceOp.ArgMin;
        var y = agree.Zeros(isArg ? DType.Int32 : DType, 12);
        agree.Run(b => b.Reduce(op, x.On(b), y.On(b), layout));
        var tolerance = op switch
        {
            ReduceOp.Sum => AgreementTolerances.Accumulated(DType, 33),
            ReduceOp.Prod => AgreementTolerances.Product(DType, 33),
            _ => AgreementTolerances.Exact,
        };
        agree.ShouldAgree(y, tolerance, $"{op} with NaN");
    }

    [Test]
    public void Softmax_agrees([ValueSource(nameof(Rows))] int[] shape, [Values] bool log)
    {
        var (rows, cols) = (shape[0], shape[1]);
        using var agree = Agree(rows + cols);
        // Logits up to ±50 would overflow exp without the max subtraction.
        var x = agree.Upload([.. agree.Normal(rows * cols).Select(v => v * 20)], DType);
        var y = agree.Zeros(DType, rows * cols);
        agree.Run(b => b.Softmax(x.On(b), y.On(b), rows, cols, log));
        var name = $"{(log ? "log-" : "")}softmax {rows}x{cols}";
        agree.ShouldAgree(y, AgreementTolerances.Accumulated(DType, cols), name);
    }

    [Test]
    public void SoftmaxCrossEntropy_forward_and_backward_agree([ValueSource(nameof(Rows))] int[] shape)
    {
        var (rows, cols) = (shape[0], shape[1]);
        using var agree = Agree(rows * cols);
        var logits = agree.Upload([.. agree.Normal(rows * cols).Select(v => v * 5)], DType);
        var labels = agree.Upload(agree.Integers(rows, 0, cols), DType.Int32);
        var loss = agree.Zeros(DType, rows);
        agree.Run(b => b.SoftmaxCrossEntropy(logits.On(b), labels.On(b), loss.On(b), rows, cols));
        agree.ShouldAgree(loss, AgreementTolerances.Accumulated(DType, cols), "cross-entropy");

        var upstream = agree.Upload(agree.Normal(rows), DType);
        var grad = agree.Zeros(DType, rows * cols);
        agree.Run(b => b.SoftmaxCrossEntropyBackward(
            logits.On(b), labels.On(b), upstream.On(b), grad.On(b), rows, cols));
        agree.ShouldAgree(grad, AgreementTolerances.Accumulated(DType, cols), "cross-entropy backward");
    }
}
