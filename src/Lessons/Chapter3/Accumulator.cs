namespace Lessons.Chapter3;

/// <summary>
/// d2l's <c>Accumulator</c> (§3.6 / §4.4): sums n quantities over many minibatches. A value that lives on the
/// device (a batch's summed loss, its number of correct predictions) is added on the device, so a training step
/// never waits for the device; reading a sum with the indexer is the one read-back, once per epoch.
/// </summary>
/// <remarks>Create it before the loop, outside the step's <c>Tensor.Scope()</c>: its sums must outlive every
/// step.</remarks>
public sealed class Accumulator : IDisposable
{
    private readonly double[] host;
    private readonly Tensor[] device;

    /// <summary>n running sums, all zero, on the current backend.</summary>
    public Accumulator(int n)
    {
        host = new double[n];
        device = [.. Enumerable.Range(0, n).Select(_ => Tensor.Zeros(Shape.Scalar))];
    }

    /// <summary>Adds one value to each sum (d2l's <c>metric.add(...)</c>): numbers or one-element tensors.</summary>
    public void Add(params AccumulatorValue[] values)
    {
        if (values.Length != host.Length)
        {
            throw new ArgumentException($"Accumulator.Add: got {values.Length} values for {host.Length} sums.");
        }

        using var noGrad = Tensor.NoGrad();
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i].Tensor is { } tensor)
            {
                using var scalar = tensor.Detach().Reshape().To(DType.Float32);
                device[i] += scalar;
            }
            else
            {
                host[i] += values[i].Number;
            }
        }
    }

    /// <summary>Sets every sum back to zero (d2l's <c>reset</c>).</summary>
    public void Reset()
    {
        Array.Clear(host);
        foreach (var sum in device)
        {
            sum.FillInPlace(0);
        }
    }

    /// <summary>The i-th sum (reads the device part back).</summary>
    public double this[int i] => host[i] + device[i].Item();

    /// <summary>Frees the device sums.</summary>
    public void Dispose()
    {
        foreach (var sum in device)
        {
            sum.Dispose();
        }
    }
}

/// <summary>A value for <see cref="Accumulator.Add"/>: a number, or a one-element tensor summed where it
/// lives.</summary>
public readonly struct AccumulatorValue
{
    private AccumulatorValue(double number, Tensor? tensor)
    {
        Number = number;
        Tensor = tensor;
    }

    /// <summary>The number, when the value is one.</summary>
    public double Number { get; }

    /// <summary>The tensor, when the value is one.</summary>
    public Tensor? Tensor { get; }

    /// <summary>A plain number.</summary>
    public static implicit operator AccumulatorValue(double number) => new(number, null);

    /// <summary>A one-element tensor.</summary>
    public static implicit operator AccumulatorValue(Tensor tensor) => new(0, tensor);
}
