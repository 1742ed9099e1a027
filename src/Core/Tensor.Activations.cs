using Lessons.Autograd;
using Lessons.Backends;

namespace Lessons;

public sealed partial class Tensor
{
    /// <summary>sin x (radians).</summary>
    public Tensor Sin() => Record("Sin", Unary(UnaryOp.Sin, this), [this], GradientRules.Sin(this));

    /// <summary>cos x (radians).</summary>
    public Tensor Cos() => Record("Cos", Unary(UnaryOp.Cos, this), [this], GradientRules.Cos(this));

    /// <summary>
    /// x where x &gt; 0, else <paramref name="negativeSlope"/>·x (torch.nn.functional.leaky_relu): a ReLU that
    /// keeps a small gradient for negative inputs.
    /// </summary>
    public Tensor LeakyRelu(double negativeSlope = 0.01) =>
        Record("LeakyRelu", Unary(UnaryOp.LeakyRelu, this, negativeSlope), [this],
            GradientRules.LeakyRelu(this, negativeSlope));

    /// <summary>
    /// ln(1 + eˣ), a smooth ReLU (torch.nn.functional.softplus with β = 1, threshold 20): above 20 the result is x
    /// itself, so it never overflows.
    /// </summary>
    public Tensor Softplus() => Record("Softplus", Unary(UnaryOp.Softplus, this), [this], GradientRules.Softplus(this));
}
