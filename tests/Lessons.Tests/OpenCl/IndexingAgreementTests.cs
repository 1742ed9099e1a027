using Lessons.Backends;

namespace Lessons.Tests.OpenCl;

/// <summary>Gather and scatter-add against the CPU reference.</summary>
[TestFixture(DType.Float32)]
[TestFixture(DType.Float64)]
[TestFixture(DType.Int32)]
public sealed class IndexingAgreementTests(DType dtype) : AgreementFixture(dtype)
{
    /// <summary>d2l's y_hat[range(n), y], long index runs with repeats, inner blocks, a single pick.</summary>
    public static readonly GatherLayout[] Layouts =
    [
        new(256, 10, 1, 1), new(1, 10, 1000, 1), new(7, 33, 5, 31), new(1, 1, 7, 1), new(3, 257, 255, 1),
    ];

    [Test]
    public void Gather_agrees([ValueSource(nameof(Layouts))] GatherLayout layout)
    {
        using var agree = Agree(layout.Axis);
        var x = agree.Upload([.. agree.Normal(layout.Outer * layout.Axis * layout.Inner).Select(v => v * 100)], DType);
        var picks = layout.Outer * layout.IndexLength * layout.Inner;
        var index = agree.Upload(agree.Integers(picks, 0, layout.Axis), DType.Int32);
        var y = agree.Zeros(DType, picks);
        agree.Run(b => b.Gather(x.On(b), index.On(b), y.On(b), layout));
        agree.ShouldAgree(y, AgreementTolerances.Exact, $"gather {layout}");
    }

    [Test]
    public void IndexSelect_agrees([ValueSource(nameof(Layouts))] GatherLayout layout)
    {
        using var agree = Agree(layout.Inner);
        var x = agree.Upload([.. agree.Normal(layout.Outer * layout.Axis * layout.Inner).Select(v => v * 100)], DType);
        var index = agree.Upload(agree.Integers(layout.IndexLength, 0, layout.Axis), DType.Int32);
        var y = agree.Zeros(DType, layout.Outer * layout.IndexLength * layout.Inner);
        agree.Run(b => b.IndexSelect(x.On(b), index.On(b), y.On(b), layout));
        agree.ShouldAgree(y, AgreementTolerances.Exact, $"index-select {layout}");
    }

    [Test]
    public void ScatterAdd_agrees_and_accumulates([ValueSource(nameof(Layouts))] GatherLayout layout)
    {
        using var agree = Agree(layout.IndexLength);
        var picks = layout.Outer * layout.IndexLength * layout.Inner;
        var source = agree.Upload(agree.Normal(picks).Select(v => v * 100).ToArray(), DType);
        var index = agree.Upload(agree.Integers(picks, 0, layout.Axis), DType.Int32);
        var y = agree.Upload(agree.Normal(layout.Outer * layout.Axis * layout.Inner), DType);
        agree.Run(b => b.ScatterAdd(source.On(b), index.On(b), y.On(b), layout));

        // Each y element adds its sources in the same order as the CPU loop, so the sums are identical.
        agree.ShouldAgree(y, AgreementTolerances.Exact, $"scatter-add {layout}");
    }
}
