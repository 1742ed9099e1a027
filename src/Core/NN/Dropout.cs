using Lessons.Random;

namespace Lessons.NN;

/// <summary>
/// Inverted dropout, as torch.nn.Dropout (d2l §4.6): in training each element is zeroed with probability
/// <see cref="P"/> and the survivors are scaled by 1/(1 − p), so the expected activation is unchanged and
/// evaluation needs no rescaling; after <see cref="Module.Eval"/> it passes the input through untouched.
/// </summary>
/// <remarks>
/// The mask is drawn on the host from <see cref="Generator"/> and uploaded (the backends have no random-number
/// kernel): seeded runs drop the same elements on every backend.
/// </remarks>
public sealed class Dropout : Module
{
    /// <summary>A dropout layer zeroing elements with probability <paramref name="p"/>.</summary>
    /// <param name="p">Probability of dropping an element, in [0, 1].</param>
    /// <param name="generator">Source of the masks; <see cref="Init.DefaultGenerator"/> when null.</param>
    public Dropout(double p = 0.5, Generator? generator = null)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(p), $"Dropout: probability has to be between 0 and 1, but got {p}.");
        }

        P = p;
        Generator = generator;
    }

    /// <summary>Probability of dropping an element.</summary>
    public double P { get; }

    /// <summary>The generator masks are drawn from; null means <see cref="Init.DefaultGenerator"/>.</summary>
    public Generator? Generator { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!IsTraining || P == 0)
        {
            return input;
        }

        // mask = 1/(1 − p) where an element survives, 0 where it is dropped; p = 1 drops everything.
        var generator = Generator ?? Init.DefaultGenerator;
        var keep = P == 1 ? 0 : 1 / (1 - P);
        var mask = new double[input.Numel];
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = generator.NextDouble() < P ? 0 : keep;
        }

        return input * Tensor.FromDoubles(mask, input.Shape, input.DType, input.Backend);
    }

    /// <inheritdoc/>
    protected override string ExtraRepresentation() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"p={P}, inplace=False");
}
