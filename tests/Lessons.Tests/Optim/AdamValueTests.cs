using Lessons.Optim;
using Lessons.Tests.Support;

namespace Lessons.Tests.Optim;

/// <summary>
/// Adam on parameters longer than a SIMD vector (16 float32 or 8 float64 lanes with AVX-512), so both the vector
/// loop and the scalar tail of the fused update run, against torch 1.13's formula written out here element by
/// element in double. The PyTorch trajectories (optimizers.json) use fewer parameters than one vector.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class AdamValueTests(string backend) : BackendFixture(backend)
{
    public static IEnumerable<TestCaseData> Settings()
    {
        // 37: two float32 vectors and a tail of 5, four float64 vectors and a tail of 5; 100,003: sliced per core.
        foreach (var (dtype, n) in new[] { (DType.Float32, 37), (DType.Float64, 37), (DType.Float32, 100_003) })
        {
            yield return new TestCaseData(dtype, 0.0, false, n).SetArgDisplayNames($"{dtype} {n} plain");
            yield return new TestCaseData(dtype, 0.1, false, n).SetArgDisplayNames($"{dtype} {n} weight decay");
            yield return new TestCaseData(dtype, 0.0, true, n).SetArgDisplayNames($"{dtype} {n} amsgrad");
            yield return new TestCaseData(dtype, 0.05, true, n)
                .SetArgDisplayNames($"{dtype} {n} weight decay amsgrad");
        }
    }

    [TestCaseSource(nameof(Settings))]
    public void Four_steps_follow_the_formula(DType dtype, double weightDecay, bool amsgrad, int n)
    {
        var (lr, beta1, beta2, eps) = (0.05, 0.8, 0.9, 1e-3);
        var start = Enumerable.Range(0, n).Select(i => Math.Sin(i + 1)).ToArray();
        var p = Tensor.FromArray(start, new Shape(n), Device).To(dtype);
        p.RequiresGrad = true;
        var adam = new Adam([p], lr, (beta1, beta2), eps, weightDecay, amsgrad);

        var (expected, m, v, vMax) = ((double[])start.Clone(), new double[n], new double[n], new double[n]);
        for (var t = 1; t <= 4; t++)
        {
            // Gradients that shrink after the first step, so AMSGrad's max differs from v.
            var g = Enumerable.Range(0, n).Select(i => Math.Cos((i * t) + 0.5) * (t == 1 ? 3 : 0.5 / t)).ToArray();
            p.Grad = Tensor.FromArray(g, new Shape(n), Device).To(dtype);
            adam.Step();
            for (var i = 0; i < n; i++)
            {
                var gi = g[i] + (weightDecay * expected[i]);
                m[i] = (beta1 * m[i]) + ((1 - beta1) * gi);
                v[i] = (beta2 * v[i]) + ((1 - beta2) * gi * gi);
                vMax[i] = Math.Max(vMax[i], v[i]);
                var denominator = (Math.Sqrt(amsgrad ? vMax[i] : v[i]) / Math.Sqrt(1 - Math.Pow(beta2, t))) + eps;
                expected[i] -= lr / (1 - Math.Pow(beta1, t)) * m[i] / denominator;
            }
        }

        var (atol, rtol) = dtype == DType.Float64 ? (1e-14, 1e-13) : (2e-6, 1e-5);
        p.Should().BeAllClose(expected, atol, rtol);
        adam.State(p)!.ExpAvg.Should().BeAllClose(m, atol, rtol);
        adam.State(p)!.ExpAvgSq.Should().BeAllClose(v, atol, rtol);
        if (amsgrad)
        {
            adam.State(p)!.MaxExpAvgSq!.Should().BeAllClose(vMax, atol, rtol);
        }
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void A_nan_gradient_poisons_only_its_own_parameter_even_under_amsgrad(DType dtype)
    {
        const int n = 19;
        var p = Tensor.Zeros([n], dtype, Device);
        p.RequiresGrad = true;
        var adam = new Adam([p], lr: 0.1, amsgrad: true);
        var g = Enumerable.Repeat(1.0, n).ToArray();
        g[3] = g[17] = double.NaN;

        p.Grad = Tensor.FromArray(g, new Shape(n), Device).To(dtype);
        adam.Step();

        var values = p.ToDoubles();
        values.Select((value, i) => (value, i)).Where(e => double.IsNaN(e.value)).Select(e => e.i)
            .Should().Equal(3, 17);
        double.IsNaN(adam.State(p)!.MaxExpAvgSq!.ToDoubles()[3]).Should().BeTrue("torch.maximum propagates NaN");
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void Without_weight_decay_an_infinite_parameter_stays_infinite(DType dtype)
    {
        // torch adds weight_decay·p only when weight_decay ≠ 0; adding 0·∞ would turn the parameter into NaN.
        const int n = 19;
        var start = Enumerable.Repeat(1.0, n).ToArray();
        start[2] = start[n - 1] = double.PositiveInfinity;
        var p = Tensor.FromArray(start, new Shape(n), Device).To(dtype);
        p.RequiresGrad = true;
        p.Grad = Tensor.Ones([n], dtype, Device);

        new Adam([p], lr: 0.1).Step();

        var values = p.ToDoubles();
        values[2].Should().Be(double.PositiveInfinity);
        values[n - 1].Should().Be(double.PositiveInfinity);
        values[0].Should().BeApproximately(0.9, 1e-6);
    }
}
