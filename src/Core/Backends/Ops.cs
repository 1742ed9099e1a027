namespace Lessons.Backends;

/// <summary>
/// Element-wise operations of one input. Those marked "α" or "α, β" read the scalar arguments of
/// <see cref="IBackend.Unary"/>; the rest ignore them. Comparisons return 1 or 0 in the input's dtype.
/// </summary>
public enum UnaryOp
{
    /// <summary>−x.</summary>
    Neg,
    /// <summary>eˣ.</summary>
    Exp,
    /// <summary>ln x.</summary>
    Log,
    /// <summary>ln(1 + x), accurate for small x.</summary>
    Log1p,
    /// <summary>|x|.</summary>
    Abs,
    /// <summary>√x.</summary>
    Sqrt,
    /// <summary>x².</summary>
    Square,
    /// <summary>1 / x.</summary>
    Reciprocal,
    /// <summary>max(x, 0).</summary>
    Relu,
    /// <summary>1 / (1 + e⁻ˣ), computed without overflow for large |x|.</summary>
    Sigmoid,
    /// <summary>tanh x.</summary>
    Tanh,
    /// <summary>sign(x) with sign(0) = 0, as torch.sign.</summary>
    Sign,
    /// <summary>x + α.</summary>
    AddScalar,
    /// <summary>x · α.</summary>
    MulScalar,
    /// <summary>x / α (a true division: x · (1/α) rounds differently).</summary>
    DivScalar,
    /// <summary>xᵅ.</summary>
    PowScalar,
    /// <summary>min(max(x, α), β).</summary>
    Clamp,
    /// <summary>1 where α ≤ x ≤ β, else 0 (the gradient mask of <see cref="Clamp"/>).</summary>
    InRange,
    /// <summary>1 where x &gt; α, else 0.</summary>
    GreaterScalar,
    /// <summary>1 where x &lt; α, else 0.</summary>
    LessScalar,
    /// <summary>1 where x == α, else 0.</summary>
    EqualScalar,
    /// <summary>sin x.</summary>
    Sin,
    /// <summary>cos x.</summary>
    Cos,
    /// <summary>x where x &gt; 0, else α·x (α is the negative slope; NaN stays NaN).</summary>
    LeakyRelu,
    /// <summary>ln(1 + eˣ), and x itself where x &gt; 20 (torch's softplus with β = 1, threshold 20).</summary>
    Softplus,
}

/// <summary>Element-wise operations of two broadcast inputs. Comparisons return 1 or 0 in the inputs' dtype.</summary>
public enum BinaryOp
{
    /// <summary>a + b.</summary>
    Add,
    /// <summary>a − b.</summary>
    Sub,
    /// <summary>a · b.</summary>
    Mul,
    /// <summary>a / b.</summary>
    Div,
    /// <summary>aᵇ.</summary>
    Pow,
    /// <summary>max(a, b); NaN if either is NaN, as torch.maximum.</summary>
    Maximum,
    /// <summary>min(a, b); NaN if either is NaN, as torch.minimum.</summary>
    Minimum,
    /// <summary>1 where a == b.</summary>
    Equal,
    /// <summary>1 where a != b.</summary>
    NotEqual,
    /// <summary>1 where a &lt; b.</summary>
    Less,
    /// <summary>1 where a ≤ b.</summary>
    LessEqual,
    /// <summary>1 where a &gt; b.</summary>
    Greater,
    /// <summary>1 where a ≥ b.</summary>
    GreaterEqual,
    /// <summary>a · (1 − b) · b: the sigmoid's gradient in one pass, a the upstream gradient and b the sigmoid's
    /// output (torch's sigmoid_backward, in its order).</summary>
    SigmoidBackward,
}

/// <summary>
/// Reductions along one axis. <see cref="ArgMax"/> and <see cref="ArgMin"/> write Int32 indices
/// (the first one on ties, as torch); the others write the input's dtype.
/// </summary>
public enum ReduceOp
{
    /// <summary>Σ x.</summary>
    Sum,
    /// <summary>max x; NaN if any is NaN.</summary>
    Max,
    /// <summary>min x; NaN if any is NaN.</summary>
    Min,
    /// <summary>Index of the first maximum.</summary>
    ArgMax,
    /// <summary>Index of the first minimum.</summary>
    ArgMin,
    /// <summary>Π x (1 over an empty axis).</summary>
    Prod,
}
