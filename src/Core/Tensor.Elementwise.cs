using Lessons.Autograd;
using Lessons.Backends;

namespace Lessons;

public sealed partial class Tensor
{
    /// <summary>Element-wise sum with broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) =>
        Record("Add", Binary(BinaryOp.Add, a, b, "Add"), [a, b], GradientRules.Add(a, b));

    /// <summary>Element-wise difference with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) =>
        Record("Sub", Binary(BinaryOp.Sub, a, b, "Sub"), [a, b], GradientRules.Sub(a, b));

    /// <summary>Element-wise product with broadcasting (not the matrix product: see <see cref="MatMul"/>).</summary>
    public static Tensor operator *(Tensor a, Tensor b) =>
        Record("Mul", Binary(BinaryOp.Mul, a, b, "Mul"), [a, b], GradientRules.Mul(a, b));

    /// <summary>Element-wise quotient with broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b)
    {
        var y = Binary(BinaryOp.Div, a, b, "Div");
        return Record("Div", y, [a, b], GradientRules.Div(a, b, y));
    }

    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor x) => x.Neg();

    /// <summary>x + s.</summary>
    public static Tensor operator +(Tensor x, double s) => x.AddScalar(s);

    /// <summary>s + x.</summary>
    public static Tensor operator +(double s, Tensor x) => x.AddScalar(s);

    /// <summary>x − s.</summary>
    public static Tensor operator -(Tensor x, double s) => x.AddScalar(-s);

    /// <summary>s − x.</summary>
    public static Tensor operator -(double s, Tensor x) => x.Neg().AddScalar(s);

    /// <summary>x · s.</summary>
    public static Tensor operator *(Tensor x, double s) => x.MulScalar(s);

    /// <summary>s · x.</summary>
    public static Tensor operator *(double s, Tensor x) => x.MulScalar(s);

    /// <summary>x / s, as a true division (not x · (1/s), which rounds differently).</summary>
    public static Tensor operator /(Tensor x, double s) => x.DivScalar(s);

    /// <summary>s / x.</summary>
    public static Tensor operator /(double s, Tensor x) => x.Reciprocal().MulScalar(s);

    /// <summary>−x.</summary>
    public Tensor Neg() => Record("Neg", Unary(UnaryOp.Neg, this), [this], GradientRules.Neg());

    /// <summary>eˣ.</summary>
    public Tensor Exp()
    {
        var y = Unary(UnaryOp.Exp, this);
        return Record("Exp", y, [this], GradientRules.Exp(y));
    }

    /// <summary>Natural logarithm.</summary>
    public Tensor Log() => Record("Log", Unary(UnaryOp.Log, this), [this], GradientRules.Log(this));

    /// <summary>ln(1 + x), accurate when x is tiny.</summary>
    public Tensor Log1p() => Record("Log1p", Unary(UnaryOp.Log1p, this), [this], GradientRules.Log1p(this));

    /// <summary>|x|; its gradient at 0 is 0, as torch.</summary>
    public Tensor Abs() => Record("Abs", Unary(UnaryOp.Abs, this), [this], GradientRules.Abs(this));

    /// <summary>√x.</summary>
    public Tensor Sqrt()
    {
        var y = Unary(UnaryOp.Sqrt, this);
        return Record("Sqrt", y, [this], GradientRules.Sqrt(y));
    }

    /// <summary>x².</summary>
    public Tensor Square() => Record("Square", Unary(UnaryOp.Square, this), [this], GradientRules.Square(this));

    /// <summary>1 / x.</summary>
    public Tensor Reciprocal()
    {
        var y = Unary(UnaryOp.Reciprocal, this);
        return Record("Reciprocal", y, [this], GradientRules.Reciprocal(y));
    }

    /// <summary>max(x, 0); its gradient at 0 is 0, as torch.</summary>
    public Tensor Relu() => Record("Relu", Unary(UnaryOp.Relu, this), [this], GradientRules.Relu(this));

    /// <summary>1 / (1 + e⁻ˣ).</summary>
    public Tensor Sigmoid()
    {
        var y = Unary(UnaryOp.Sigmoid, this);
        return Record("Sigmoid", y, [this], GradientRules.Sigmoid(y));
    }

    /// <summary>Hyperbolic tangent.</summary>
    public Tensor Tanh()
    {
        var y = Unary(UnaryOp.Tanh, this);
        return Record("Tanh", y, [this], GradientRules.Tanh(y));
    }

    /// <summary>−1, 0 or 1 (sign(0) = 0); its gradient is 0 everywhere.</summary>
    public Tensor Sign() => Record("Sign", Unary(UnaryOp.Sign, this), [this], GradientRules.Zero(this));

    /// <summary>xᵖ for a scalar exponent.</summary>
    public Tensor Pow(double p) =>
        Record("Pow", Unary(UnaryOp.PowScalar, this, p), [this], GradientRules.PowScalar(this, p));

    /// <summary>aᵇ element-wise with broadcasting.</summary>
    public Tensor Pow(Tensor exponent)
    {
        var y = Binary(BinaryOp.Pow, this, exponent, "Pow");
        return Record("Pow", y, [this, exponent], GradientRules.Pow(this, exponent, y));
    }

    /// <summary>min(max(x, min), max) (torch.clamp); the gradient passes where min ≤ x ≤ max.</summary>
    public Tensor Clamp(double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        if (min > max)
        {
            throw new ArgumentException($"Clamp: min {min} is greater than max {max}.");
        }

        return Record("Clamp", Unary(UnaryOp.Clamp, this, min, max), [this], GradientRules.Clamp(this, min, max));
    }

    /// <summary>Element-wise maximum (torch.maximum); ties share the gradient equally.</summary>
    public static Tensor Maximum(Tensor a, Tensor b) =>
        Record("Maximum", Binary(BinaryOp.Maximum, a, b, "Maximum"), [a, b], GradientRules.Maximum(a, b));

    /// <summary>Element-wise minimum (torch.minimum); ties share the gradient equally.</summary>
    public static Tensor Minimum(Tensor a, Tensor b) =>
        Record("Minimum", Binary(BinaryOp.Minimum, a, b, "Minimum"), [a, b], GradientRules.Minimum(a, b));

    internal Tensor AddScalar(double s) =>
        Scalarwise(UnaryOp.AddScalar, BinaryOp.Add, s, "Add", GradientRules.Identity());

    internal Tensor MulScalar(double s) =>
        Scalarwise(UnaryOp.MulScalar, BinaryOp.Mul, s, "Mul", GradientRules.MulScalar(s));

    internal Tensor DivScalar(double s) =>
        Scalarwise(UnaryOp.DivScalar, BinaryOp.Div, s, "Div", GradientRules.DivScalar(s));

    /// <summary>x op s: one kernel on floating tensors; integer tensors go through a broadcast scalar.</summary>
    private Tensor Scalarwise(UnaryOp op, BinaryOp integerOp, double s, string name, BackwardRule rule)
    {
        if (!DType.IsFloatingPoint())
        {
            using var scalar = Scalar(s, DType, Backend);
            return Binary(integerOp, this, scalar, name);
        }

        return Record(name, Unary(op, this, s), [this], rule);
    }

    /// <summary>Runs a unary primitive into a new tensor (no graph).</summary>
    internal static Tensor Unary(UnaryOp op, Tensor x, double alpha = 0, double beta = 0)
    {
        x.CheckFloatingPoint(op.ToString());
        var y = Empty(x.Shape, x.DType, x.Backend);
        x.Backend.Unary(op, x.Buffer, y.Buffer, alpha, beta);
        return y;
    }

    /// <summary>Runs a broadcasting binary primitive into a new tensor (no graph).</summary>
    internal static Tensor Binary(BinaryOp op, Tensor a, Tensor b, string operation)
    {
        CheckCompatible(a, b, operation);
        var shape = Lessons.Shape.Broadcast(a.Shape, b.Shape, operation);
        var y = Empty(shape, a.DType, a.Backend);
        a.Backend.Binary(op, a.Buffer, b.Buffer, y.Buffer, BroadcastLayout.For(shape, a.Shape, b.Shape));
        return y;
    }
}
