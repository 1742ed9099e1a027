using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Lessons.Random;

/// <summary>
/// A seedable source of random numbers, like torch.Generator: the same seed gives bit-identical tensors,
/// shuffles and initial weights on every run and every machine.
/// </summary>
/// <remarks>
/// Built on Math.NET's Mersenne Twister (the generator NumPy and PyTorch's CPU use) rather than
/// System.Random, whose seeded sequence .NET does not promise to keep across versions.
/// </remarks>
public sealed class Generator
{
    private readonly MersenneTwister source;

    /// <summary>A generator started from <paramref name="seed"/>.</summary>
    public Generator(int seed)
    {
        Seed = seed;
        source = new MersenneTwister(seed, threadSafe: false);
    }

    /// <summary>The seed this generator started from.</summary>
    public int Seed { get; }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => source.NextDouble();

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int maxExclusive) => source.Next(maxExclusive);

    /// <summary>Fills <paramref name="values"/> with samples of N(<paramref name="mean"/>, <paramref
    /// name="std"/>²).</summary>
    public void FillNormal(Span<double> values, double mean, double std)
    {
        if (!(std >= 0) || double.IsInfinity(std))
        {
            throw new ArgumentOutOfRangeException(nameof(std), $"Normal: std must be finite and >= 0, got {std}.");
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] = std == 0 ? mean : Normal.Sample(source, mean, std);
        }
    }

    /// <summary>Fills <paramref name="values"/> with samples of U[<paramref name="low"/>, <paramref
    /// name="high"/>).</summary>
    public void FillUniform(Span<double> values, double low, double high)
    {
        if (!(low <= high))
        {
            throw new ArgumentOutOfRangeException(nameof(high), $"Uniform: expected low <= high, got [{low}, {high}).");
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] = low + ((high - low) * source.NextDouble());
        }
    }

    /// <summary>A random order of 0..n-1 (Fisher–Yates), as torch.randperm.</summary>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        for (var i = n - 1; i > 0; i--)
        {
            var j = source.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }
}
