using Lessons.Tests.Support;

namespace Lessons.Tests.Ops;

/// <summary>
/// Every op against PyTorch 1.13, one line each (tinygrad's test_ops): value, shape, dtype and gradient, in float64
/// and float32, on every backend, through <see cref="OpCheck"/>. The inputs and PyTorch's answers are in
/// Ops/ops_*.json, written by Ops/make_op_refs.py; a line's name is its case there.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class OpTests(string backend) : BackendFixture(backend)
{
    private static readonly OpLine[] Lines =
    [
        // element-wise, two inputs: broadcasting, 0-d and one-element operands, ties
        new("add_broadcast", x => x[0] + x[1]),
        new("add_0d", x => x[0] + x[1]),
        new("sub_broadcast", x => x[0] - x[1]),
        new("mul_broadcast", x => x[0] * x[1]),
        new("mul_one_element", x => x[0] * x[1]),
        new("div_broadcast", x => x[0] / x[1]),
        new("pow_broadcast", x => x[0].Pow(x[1])),
        new("maximum_broadcast", x => Tensor.Maximum(x[0], x[1])),
        new("minimum_broadcast", x => Tensor.Minimum(x[0], x[1])),
        new("minimum_broadcast_left", x => Tensor.Minimum(x[0], x[1])),
        new("maximum_ties", x => Tensor.Maximum(x[0], x[1])),
        new("minimum_ties", x => Tensor.Minimum(x[0], x[1])),

        // element-wise, one input, with the extremes
        new("neg", x => -x[0]),
        new("exp", x => x[0].Exp()),
        new("exp_near_float32_limit", x => x[0].Exp()),
        new("exp_accuracy", x => x[0].Exp()),
        new("log", x => x[0].Log()),
        new("log_tiny", x => x[0].Log()),
        new("log1p", x => x[0].Log1p()),
        new("abs", x => x[0].Abs()),
        new("sqrt", x => x[0].Sqrt()),
        new("square", x => x[0].Square()),
        new("reciprocal", x => x[0].Reciprocal()),
        new("relu", x => x[0].Relu()),
        new("sigmoid", x => x[0].Sigmoid()),
        new("sigmoid_extremes", x => x[0].Sigmoid()),
        new("tanh", x => x[0].Tanh()),
        new("tanh_accuracy", x => x[0].Tanh()),
        new("pow_scalar_3", x => x[0].Pow(3)),
        new("pow_scalar_2_5", x => x[0].Pow(2.5)),
        new("clamp", x => x[0].Clamp(-0.5, 0.5)),
        new("scalar_arithmetic", x => ((2 - x[0]) * 3 / 4) + 1),
        new("sin", x => x[0].Sin()),
        new("sin_large", x => x[0].Sin()),
        new("cos", x => x[0].Cos()),
        new("cos_large", x => x[0].Cos()),
        new("leaky_relu", x => x[0].LeakyRelu()),
        new("leaky_relu_slope", x => x[0].LeakyRelu(0.2)),
        new("leaky_relu_0d", x => x[0].LeakyRelu()),
        new("softplus", x => x[0].Softplus()),
        new("softplus_extremes", x => x[0].Softplus()),
        new("ne_scalar", x => x[0].Ne(0.5)),
        new("eq_scalar", x => x[0].Eq(0.5)),

        // reductions: all, one axis, several axes, 0-d tensors, ties
        new("sum_all", x => x[0].Sum()),
        new("sum_axis_0", x => x[0].Sum(0)),
        new("sum_axis_1_keepdim", x => x[0].Sum(1, keepDim: true)),
        new("sum_axes", x => x[0].Sum([0, 2])),
        new("sum_axes_keepdim", x => x[0].Sum([-1, 0], keepDim: true)),
        new("sum_0d_axis_0", x => x[0].Sum(0)),
        new("sum_0d_axis_minus_1", x => x[0].Sum(-1, keepDim: true)),
        new("mean_all", x => x[0].Mean()),
        new("mean_axis", x => x[0].Mean(-1)),
        new("mean_axes", x => x[0].Mean([0, 1])),
        new("mean_0d", x => x[0].Mean(0)),
        new("max_all", x => x[0].Max()),
        new("max_all_ties", x => x[0].Max()),
        new("min_all_ties", x => x[0].Min()),
        new("max_axis", x => x[0].Max(1)),
        new("max_axis_ties", x => x[0].Max(1)),
        new("min_axis_keepdim", x => x[0].Min(0, keepDim: true)),
        new("max_0d_axis_0", x => x[0].Max(0)),
        new("min_0d_axis_minus_1", x => x[0].Min(-1, keepDim: true)),
        new("argmax", x => x[0].ArgMax()),
        new("argmax_axis", x => x[0].ArgMax(1)),
        new("argmin_axis_keepdim", x => x[0].ArgMin(0, keepDim: true)),
        new("argmax_0d", x => x[0].ArgMax(0)),
        new("argmin_0d", x => x[0].ArgMin(-1)),
        new("logsumexp", x => x[0].LogSumExp(1)),
        new("logsumexp_keepdim", x => x[0].LogSumExp(0, keepDim: true)),
        new("logsumexp_extremes", x => x[0].LogSumExp(-1)),
        new("logsumexp_0d", x => x[0].LogSumExp(0)),
        new("var", x => x[0].Var(1)),
        new("var_biased_keepdim", x => x[0].Var(0, keepDim: true, unbiased: false)),
        new("std", x => x[0].Std(-1)),
        new("std_biased", x => x[0].Std(0, unbiased: false)),
        new("cumsum_axis_0", x => x[0].CumSum(0)),
        new("cumsum_axis_1", x => x[0].CumSum(1)),
        new("cumsum_17", x => x[0].CumSum(-1)),
        new("cumsum_0d", x => x[0].CumSum(0)),
        new("prod_all", x => x[0].Prod()),
        new("prod_axis", x => x[0].Prod(1)),
        new("prod_axis_keepdim", x => x[0].Prod(0, keepDim: true)),
        new("prod_one_zero", x => x[0].Prod(1)),
        new("prod_all_one_zero", x => x[0].Prod()),
        new("prod_0d", x => x[0].Prod()),

        // the softmax family, with logits of ±1000
        new("softmax", x => x[0].Softmax(-1)),
        new("softmax_axis_0", x => x[0].Softmax(0)),
        new("softmax_extremes", x => x[0].Softmax(-1)),
        new("log_softmax", x => x[0].LogSoftmax(1)),
        new("log_softmax_extremes", x => x[0].LogSoftmax(-1)),
        new("softmax_0d", x => x[0].Softmax(0)),
        new("log_softmax_0d", x => x[0].LogSoftmax(-1)),

        // shapes
        new("reshape", x => x[0].Reshape(-1, 2)),
        new("flatten", x => x[0].Flatten(1)),
        new("transpose", x => x[0].Transpose(0, 2)),
        new("permute", x => x[0].Permute(2, 0, 1)),
        new("permute_negative", x => x[0].Permute(-1, 0, 2, 1)),
        new("unsqueeze_0", x => x[0].Unsqueeze(0)),
        new("unsqueeze_last", x => x[0].Unsqueeze(-1)),
        new("unsqueeze_0d", x => x[0].Unsqueeze(0)),
        new("squeeze", x => x[0].Squeeze(1)),
        new("squeeze_not_one", x => x[0].Squeeze(0)),
        new("squeeze_0d", x => x[0].Squeeze(0)),
        new("flip_0", x => x[0].Flip(0)),
        new("flip_last", x => x[0].Flip(-1)),
        new("flip_one_element", x => x[0].Flip(0)),
        new("cat_0", x => Tensor.Cat([x[0], x[1]], 0)),
        // <doc:one-line>
        new("cat_1_three", x => Tensor.Cat([x[0], x[1], x[2]], 1)),
        // </doc:one-line>
        new("cat_negative", x => Tensor.Cat([x[0], x[1]], -1)),
        new("stack_0", x => Tensor.Stack([x[0], x[1], x[2]], 0)),
        new("stack_last", x => Tensor.Stack([x[0], x[1]], -1)),
        new("stack_0d", x => Tensor.Stack([x[0], x[1], x[2]], 0)),
        new("expand", x => x[0].Expand([3, 2, 4])),

        // products, batched with broadcast batch dimensions
        new("matmul", x => x[0].MatMul(x[1])),
        new("matmul_vector_vector", x => x[0].MatMul(x[1])),
        new("matmul_matrix_vector", x => x[0].MatMul(x[1])),
        new("matmul_vector_matrix", x => x[0].MatMul(x[1])),
        new("matmul_batched", x => x[0].MatMul(x[1])),
        new("matmul_batch_broadcast", x => x[0].MatMul(x[1])),
        new("matmul_batch_times_matrix", x => x[0].MatMul(x[1])),
        new("matmul_vector_batch", x => x[0].MatMul(x[1])),
        new("matmul_batch_vector", x => x[0].MatMul(x[1])),
        new("bmm", x => x[0].Bmm(x[1])),
    ];

    public static IEnumerable<TestCaseData> Cases() =>
        from line in Lines
        from dtype in new[] { DType.Float64, DType.Float32 }
        select new TestCaseData(line, dtype).SetName($"{{m}}({line.Name}, {dtype})");

    [TestCaseSource(nameof(Cases))]
    public void Matches_pytorch(OpLine line, DType dtype) => OpCheck.Run(line, B, dtype);

    [Test]
    public void Every_reference_case_has_its_line_and_every_line_its_case()
    {
        var lines = Lines.Select(l => l.Name).ToList();

        lines.Should().OnlyHaveUniqueItems();
        OpReference.Names.Should().BeEquivalentTo(lines, "each PyTorch case in Ops/ops_*.json is one line here");
    }
}
