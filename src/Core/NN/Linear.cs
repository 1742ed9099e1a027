using Lessons.Backends;
using Lessons.Memory;
using Lessons.Random;

namespace Lessons.NN;

/// <summary>
/// The fully connected layer y = x·Wᵀ + b, as torch.nn.Linear (d2l §3.3 / §3.5 <c>nn.Linear(2, 1)</c>,
/// §3.7 / §4.5 <c>nn.Linear(784, 10)</c>). The weight is stored (out, in) like torch's, so
/// <c>Weight.Grad</c> has the shape a learner reading the book expects; the product reads Wᵀ in place.
/// </summary>
public sealed class Linear : Module
{
    /// <summary>
    /// A layer from <paramref name="inFeatures"/> to <paramref name="outFeatures"/>, initialised as torch does:
    /// weight and bias uniform in ±1/√inFeatures (kaiming_uniform_ with a = √5 reduces to exactly that).
    /// </summary>
    /// <param name="inFeatures">Size of each input row.</param>
    /// <param name="outFeatures">Size of each output row.</param>
    /// <param name="bias">Whether to add a learned bias (torch's bias=True).</param>
    /// <param name="generator">Source of the initial values; <see cref="Init.DefaultGenerator"/> when null.</param>
    /// <param name="dtype">Element type of the parameters (Float64 for gradient checks).</param>
    /// <param name="backend">Where the parameters live; <see cref="Backend.Current"/> when null.</param>
    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null,
        DType dtype = DType.Float32, IBackend? backend = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegative(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        generator ??= Init.DefaultGenerator;
        backend ??= Backend.Current;
        var bound = inFeatures > 0 ? 1 / Math.Sqrt(inFeatures) : 0;

        // Parameters outlive every training step, so no enclosing TensorScope may own them.
        using (TensorScope.Suspend())
        {
            Weight = RegisterParameter("weight",
                Tensor.Uniform(-bound, bound, [outFeatures, inFeatures], generator, dtype, backend));
            Bias = bias
                ? RegisterParameter("bias", Tensor.Uniform(-bound, bound, [outFeatures], generator, dtype, backend))
                : null;
        }
    }

    /// <summary>Size of each input row.</summary>
    public int InFeatures { get; }

    /// <summary>Size of each output row.</summary>
    public int OutFeatures { get; }

    /// <summary>The weight W, shape (out, in) as torch's <c>weight</c>.</summary>
    public Tensor Weight { get; }

    /// <summary>The bias b, shape (out), or null for a layer built with <c>bias: false</c>.</summary>
    public Tensor? Bias { get; }

    /// <summary>
    /// x·Wᵀ + b for x of shape (…, in): a single row (in), a batch (n, in), or more leading dimensions, which are
    /// flattened for the product and restored after.
    /// </summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank == 0 || input.Shape[-1] != InFeatures)
        {
            throw new ArgumentException(
                $"Linear: input of shape {input.Shape} does not end in in_features={InFeatures}; expected (…, " +
                $"{InFeatures}).");
        }

        var rows = input.Rank > 2 ? input.Reshape(-1, InFeatures) : input;
        var output = rows.MatMulTransposed(Weight);
        if (Bias is not null)
        {
            // Not "output += Bias": on a tensor, += is the in-place update, which the graph forbids.
            output = output + Bias;
        }

        return input.Rank > 2 ? output.Reshape([.. input.Shape.ToArray()[..^1], OutFeatures]) : output;
    }

    /// <inheritdoc/>
    protected override string ExtraRepresentation() =>
        $"in_features={InFeatures}, out_features={OutFeatures}, bias={(Bias is null ? "False" : "True")}";
}
