using Lessons.Backends;
using Lessons.Backends.OpenCl;

namespace Lessons.Tests.OpenCl;

/// <summary>
/// One small case of every kernel, with edges (sizes that fill no tile or group evenly) but few work-items:
/// the subset scripts/oclgrind-check.sh runs under the Oclgrind simulator, which checks every memory access,
/// every read of uninitialized memory and every data race between work-items. On an ordinary device these are
/// just more agreement tests.
/// </summary>
[TestFixture(DType.Float32)]
[TestFixture(DType.Float64)]
[Category("Oclgrind")]
public sealed class KernelSubsetTests(DType dtype) : AgreementFixture(dtype)
{
    [Test]
    public void Prints_the_device()
    {
        // The run's log names the device the kernels were checked on; the name must be one the backend reports.
        Ocl.DeviceName.Should().NotBeNullOrWhiteSpace();
        Ocl.Device.PlatformName.Should().NotBeNullOrWhiteSpace();
        Ocl.Describe().Should().Contain(Ocl.DeviceName);
        TestContext.Progress.WriteLine($"[opencl] device: {Ocl.DeviceName} ({Ocl.Device.PlatformName})");
    }

    [Test]
    public void Elementwise_kernels()
    {
        using var agree = Agree();
        var x = agree.Upload(agree.Normal(7), DType);
        var y = agree.Zeros(DType, 7);
        foreach (var op in Enum.GetValues<UnaryOp>())
        {
            agree.Run(b => b.Unary(op, x.On(b), y.On(b), -0.5, 0.5));
            agree.ShouldAgree(y, AgreementTolerances.Elementwise(DType), op.ToString());
        }

        var layout = BroadcastLayout.For(new Shape(3, 5), new Shape(3, 1), new Shape(1, 5));
        var a = agree.Upload(agree.Normal(3), DType);
        var c = agree.Upload(agree.Normal(5), DType);
        var z = agree.Zeros(DType, 15);
        foreach (var op in Enum.GetValues<BinaryOp>())
        {
            agree.Run(b => b.Binary(op, a.On(b), c.On(b), z.On(b), layout));
            agree.ShouldAgree(z, AgreementTolerances.Elementwise(DType), op.ToString());
        }

        // Four dimensions remain after merging: the generic kernel that unpacks coordinates by division.
        var wide = BroadcastLayout.For(new Shape(2, 3, 2, 3), new Shape(2, 1, 2, 1), new Shape(1, 3, 1, 3));
        var a4 = agree.Upload(agree.Normal(4), DType);
        var c9 = agree.Upload(agree.Normal(9), DType);
        var z36 = agree.Zeros(DType, 36);
        agree.Run(b => b.Binary(BinaryOp.Mul, a4.On(b), c9.On(b), z36.On(b), wide));
        agree.ShouldAgree(z36, AgreementTolerances.Elementwise(DType), "mul over four dimensions");
        var permuted = agree.Zeros(DType, 36);
        agree.Run(b => b.Copy(z36.On(b), new BroadcastLayout([3, 2, 3, 2], [[1, 3, 6, 18]]), permuted.On(b), 0));
        agree.ShouldAgree(permuted, AgreementTolerances.Exact, "copy over four dimensions");

        var condition = agree.Upload([1, 0, 1], DType);
        var where = BroadcastLayout.For(new Shape(3, 5), new Shape(3, 1), new Shape(1, 5), new Shape(3, 5));
        var w = agree.Zeros(DType, 15);
        agree.Run(b => b.Where(condition.On(b), c.On(b), z.On(b), w.On(b), where));
        agree.ShouldAgree(w, AgreementTolerances.Exact, "where");

        var t = agree.Zeros(DType, 15);
        agree.Run(b => b.Copy(w.On(b), new BroadcastLayout([5, 3], [[1, 5]]), t.On(b), 0));
        agree.ShouldAgree(t, AgreementTolerances.Exact, "copy");

        var i = agree.Zeros(DType.Int32, 15);
        agree.Run(b => b.Cast(t.On(b), i.On(b)));
        agree.ShouldAgree(i, AgreementTolerances.Exact, "cast");

        var grad = agree.Zeros(DType, 15);
        agree.Run(b => b.SquaredLossBackward(z.On(b), w.On(b), t.On(b), grad.On(b)));
        agree.ShouldAgree(grad, AgreementTolerances.Elementwise(DType), "squared loss backward");
        agree.Run(b => b.SgdUpdate(z.On(b), grad.On(b), 0.1));
        agree.ShouldAgree(z, AgreementTolerances.Elementwise(DType), "sgd");
        var v = agree.Zeros(DType, 15);
        var vMax = agree.Zeros(DType, 15);
        agree.Run(b => b.AdamUpdate(z.On(b), grad.On(b), w.On(b), v.On(b), vMax.On(b),
            new AdamStep(0.9, 0.999, 1e-8, 0.01, 0.01, 0.03)));
        agree.ShouldAgree(z, AgreementTolerances.Elementwise(DType), "adam");
    }

    [Test]
    public void Reduction_kernels([Values] ReduceOp op)
    {
        using var agree = Agree();
        // Axes of 33 take the one-work-item-per-output kernels; 70 and 257 the group's tree.
        foreach (var layout in new AxisLayout[] { new(3, 33, 5), new(2, 33, 1), new(3, 70, 5), new(2, 257, 1) })
        {
            var n = layout.Outer * layout.Axis * layout.Inner;
            var isArg = op is ReduceOp.ArgMax or ReduceOp.ArgMin;
            var x = agree.Upload(agree.Integers(n, -5, 5), DType);
            var y = agree.Zeros(isArg ? DType.Int32 : DType, layout.Outer * layout.Inner);
            agree.Run(b => b.Reduce(op, x.On(b), y.On(b), layout));
            agree.ShouldAgree(y, AgreementTolerances.Accumulated(DType, layout.Axis), $"{op} {layout}");
        }
    }

    [Test]
    public void Scan_kernels()
    {
        using var agree = Agree();
        foreach (var layout in new AxisLayout[] { new(3, 33, 5), new(2, 257, 1), new(1, 1, 3) })
        {
            var n = layout.Outer * layout.Axis * layout.Inner;
            var x = agree.Upload(agree.Normal(n), DType);
            var y = agree.Zeros(DType, n);
            agree.Run(b => b.CumSum(x.On(b), y.On(b), layout));
            agree.ShouldAgree(y, AgreementTolerances.Accumulated(DType, layout.Axis), $"cumsum {layout}");
        }

        var part = agree.Upload(agree.Normal(2 * 3 * 5), DType);
        var whole = agree.Upload(agree.Normal(2 * 7 * 5), DType);
        agree.Run(b => b.CopyToSlice(part.On(b), whole.On(b), new GatherLayout(2, 7, 3, 5), 4));
        agree.ShouldAgree(whole, AgreementTolerances.Exact, "copy to slice");

        // Flip: the strided copy read backwards along an axis (a negative stride from the axis's far end).
        var flipped = agree.Zeros(DType, 2 * 7 * 5);
        agree.Run(b => b.Copy(whole.On(b), new BroadcastLayout([2, 7, 5], [[35, -5, 1]]), flipped.On(b), 30));
        agree.ShouldAgree(flipped, AgreementTolerances.Exact, "flip");
    }

    [Test]
    public void Matmul_kernels([Values] bool transA, [Values] bool transB, [Values(10, 33)] int n,
        [Values] bool narrow)
    {
        // narrow: 10 columns take the CPU devices' path, matmul_narrow.cl for Aᵀ·B (16 rows of C per work-item,
        // then the ragged 3) and B transposed into matmul_nt.cl for A·B. Not narrow: matmul.cl's tiles.
        AgreeOnProduct(new MatMulShape(19, n, 37, transA, transB), () => Ocl.NarrowOverride = narrow,
            $"narrow: {narrow}");
    }

    [Test]
    public void Matmul_kernel_of_A_by_B_transposed([Values] bool gpuTiles)
    {
        AgreeOnProduct(new MatMulShape(19, 10, 37, TransA: false, TransB: true),
            () => Ocl.DotTilesOverride = gpuTiles ? MatMulDotTiles.Gpu : MatMulDotTiles.Cpu, $"GPU tiles: {gpuTiles}");
    }

    /// <summary>The product of <paramref name="shape"/> on both backends, with the OpenCL backend's routing set
    /// by <paramref name="route"/> and put back afterwards.</summary>
    private void AgreeOnProduct(MatMulShape shape, Action route, string because)
    {
        using var agree = Agree();
        var a = agree.Upload(agree.Normal(shape.M * shape.K), DType);
        var b = agree.Upload(agree.Normal(shape.K * shape.N), DType);
        var c = agree.Zeros(DType, shape.M * shape.N);
        route();
        try
        {
            agree.Run(be => be.MatMul(a.On(be), b.On(be), c.On(be), shape));
        }
        finally
        {
            (Ocl.NarrowOverride, Ocl.DotTilesOverride) = (null, null);
        }

        agree.ShouldAgree(c, AgreementTolerances.Accumulated(DType, shape.K), $"{shape}, {because}");
    }

    [Test]
    public void Softmax_kernels([Values(10, 70)] int cols)
    {
        // Rows of 10 take the one-work-item-per-row kernels; rows of 70 the group's tree.
        using var agree = Agree();
        var rows = 5;
        var x = agree.Upload(agree.Normal(rows * cols), DType);
        var y = agree.Zeros(DType, rows * cols);
        foreach (var log in new[] { false, true })
        {
            agree.Run(b => b.Softmax(x.On(b), y.On(b), rows, cols, log));
            agree.ShouldAgree(y, AgreementTolerances.Accumulated(DType, cols), $"softmax log={log}");
        }

        var labels = agree.Upload([0, 9, 3, 3, 7], DType.Int32);
        var loss = agree.Zeros(DType, rows);
        agree.Run(b => b.SoftmaxCrossEntropy(x.On(b), labels.On(b), loss.On(b), rows, cols));
        agree.ShouldAgree(loss, AgreementTolerances.Accumulated(DType, cols), "cross-entropy");
        var upstream = agree.Upload(agree.Normal(rows), DType);
        agree.Run(b => b.SoftmaxCrossEntropyBackward(x.On(b), labels.On(b), upstream.On(b), y.On(b), rows, cols));
        agree.ShouldAgree(y, AgreementTolerances.Accumulated(DType, cols), "cross-entropy backward");
    }

    [Test]
    public void Gather_and_scatter_kernels()
    {
        using var agree = Agree();
        var layout = new GatherLayout(2, 5, 3, 4);
        var x = agree.Upload(agree.Normal(2 * 5 * 4), DType);
        var index = agree.Upload(agree.Integers(2 * 3 * 4, 0, 5), DType.Int32);
        var y = agree.Zeros(DType, 2 * 3 * 4);
        agree.Run(b => b.Gather(x.On(b), index.On(b), y.On(b), layout));
        agree.ShouldAgree(y, AgreementTolerances.Exact, "gather");
        agree.Run(b => b.ScatterAdd(y.On(b), index.On(b), x.On(b), layout));
        agree.ShouldAgree(x, AgreementTolerances.Exact, "scatter-add");
        var rows = agree.Upload([4, 0, 4], DType.Int32);
        agree.Run(b => b.IndexSelect(x.On(b), rows.On(b), y.On(b), layout));
        agree.ShouldAgree(y, AgreementTolerances.Exact, "index-select");
    }

    /// <summary>The OpenCL backend, whose direct convolution kernels are checked against the CPU's result (which
    /// the CPU keeps from the step before: null skips it).</summary>
    private static Lessons.Backends.OpenCl.OpenClBackend? Direct(IBackend backend) =>
        backend as Lessons.Backends.OpenCl.OpenClBackend;

    [Test]
    public void Convolution_and_pooling_kernels()
    {
        using var agree = Agree();
        var l = new Conv2dLayout(2, 2, 5, 4, 3, 3, 3, 2, 1);
        var x = agree.Upload(agree.Normal(l.InputLength), DType);
        var w = agree.Upload(agree.Normal(l.WeightLength), DType);
        var bias = agree.Upload(agree.Normal(l.OutChannels), DType);
        var y = agree.Zeros(DType, l.OutputLength);
        agree.Run(b => b.Conv2d(x.On(b), w.On(b), bias.On(b), y.On(b), l));
        agree.ShouldAgree(y, AgreementTolerances.Accumulated(DType, l.PatchLength), "conv2d");
        var gx = agree.Zeros(DType, l.InputLength);
        agree.Run(b => b.Conv2dInputGrad(y.On(b), w.On(b), gx.On(b), l));
        agree.ShouldAgree(gx, AgreementTolerances.Accumulated(DType, 27), "conv2d input grad");
        var gw = agree.Zeros(DType, l.WeightLength);
        agree.Run(b => b.Conv2dWeightGrad(x.On(b), y.On(b), gw.On(b), l));
        agree.ShouldAgree(gw, AgreementTolerances.Accumulated(DType, 12), "conv2d weight grad");
        agree.Run(b => Direct(b)?.Conv2dDirect(x.On(b), w.On(b), bias.On(b), y.On(b), l));
        agree.ShouldAgree(y, AgreementTolerances.Accumulated(DType, l.PatchLength), "conv2d, direct kernel");
        agree.Run(b => Direct(b)?.Conv2dInputGradDirect(y.On(b), w.On(b), gx.On(b), l));
        agree.ShouldAgree(gx, AgreementTolerances.Accumulated(DType, 27), "conv2d input grad, direct kernel");
        agree.Run(b => Direct(b)?.Conv2dWeightGradReduction(x.On(b), y.On(b), gw.On(b), l));
        agree.ShouldAgree(gw, AgreementTolerances.Accumulated(DType, 12), "conv2d weight grad, reduction kernel");

        var p = new Pool2dLayout(3, 5, 4, 3, 2, 1);
        var px = agree.Upload(agree.Integers(p.InputLength, -3, 3), DType);
        var py = agree.Zeros(DType, p.OutputLength);
        var indices = agree.Zeros(DType.Int32, p.OutputLength);
        var pg = agree.Zeros(DType, p.InputLength);
        agree.Run(b => b.MaxPool2d(px.On(b), py.On(b), indices.On(b), p));
        agree.ShouldAgree(indices, AgreementTolerances.Exact, "max pool indices");
        agree.Run(b => b.MaxPool2dBackward(py.On(b), indices.On(b), pg.On(b), p));
        agree.ShouldAgree(pg, AgreementTolerances.Exact, "max pool backward");
        agree.Run(b => b.AvgPool2d(px.On(b), py.On(b), p));
        agree.ShouldAgree(py, AgreementTolerances.Accumulated(DType, 9), "avg pool");
        agree.Run(b => b.AvgPool2dBackward(py.On(b), pg.On(b), p));
        agree.ShouldAgree(pg, AgreementTolerances.Accumulated(DType, 9), "avg pool backward");
    }
}

/// <summary>The Int32 builds of the kernels that integers use, for the same Oclgrind run.</summary>
[Category("Oclgrind")]
public sealed class IntegerKernelSubsetTests() : AgreementFixture(DType.Int32)
{
    [Test]
    public void Integer_kernels()
    {
        using var agree = Agree();
        var layout = BroadcastLayout.For(new Shape(3, 5), new Shape(3, 1), new Shape(1, 5));
        var a = agree.Upload(agree.Integers(3, -9, 9), DType);
        var c = agree.Upload(agree.Integers(5, 1, 4), DType);
        var z = agree.Zeros(DType, 15);
        foreach (var op in Enum.GetValues<BinaryOp>())
        {
            agree.Run(b => b.Binary(op, a.On(b), c.On(b), z.On(b), layout));
            agree.ShouldAgree(z, AgreementTolerances.Exact, op.ToString());
        }

        foreach (var op in Enum.GetValues<ReduceOp>())
        {
            var y = agree.Zeros(DType.Int32, 3);
            agree.Run(b => b.Reduce(op, z.On(b), y.On(b), new AxisLayout(3, 5, 1)));
            agree.ShouldAgree(y, AgreementTolerances.Exact, op.ToString());
        }

        var sums = agree.Zeros(DType, 15);
        agree.Run(b => b.CumSum(z.On(b), sums.On(b), new AxisLayout(1, 3, 5)));
        agree.ShouldAgree(sums, AgreementTolerances.Exact, "cumsum");
        var joined = agree.Zeros(DType, 20);
        agree.Run(b => b.CopyToSlice(z.On(b), joined.On(b), new GatherLayout(1, 4, 3, 5), 1));
        agree.ShouldAgree(joined, AgreementTolerances.Exact, "copy to slice");

        var f = agree.Zeros(DType.Float32, 15);
        agree.Run(b => b.Cast(z.On(b), f.On(b)));
        agree.ShouldAgree(f, AgreementTolerances.Exact, "cast");
        agree.Run(b => b.Fill(z.On(b), 3));
        agree.ShouldAgree(z, AgreementTolerances.Exact, "fill");
    }
}
