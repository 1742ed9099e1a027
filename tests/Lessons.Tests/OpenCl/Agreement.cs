using Lessons.Backends;
using Lessons.Tests.Support;

namespace Lessons.Tests.OpenCl;

/// <summary>The same logical buffer on both backends.</summary>
public sealed record Twin(DeviceBuffer Cpu, DeviceBuffer Ocl)
{
    /// <summary>The copy that lives on <paramref name="backend"/>.</summary>
    public DeviceBuffer On(IBackend backend) => ReferenceEquals(backend, Cpu.Backend) ? Cpu : Ocl;
}

/// <summary>
/// Runs a primitive on the CPU reference and on OpenCL with the same seeded inputs and compares what they
/// write. Every buffer it makes is disposed with it.
/// </summary>
public sealed class Agreement(IBackend cpu, IBackend ocl, int seed = 1234) : IDisposable
{
    private readonly List<Twin> twins = [];
    private readonly System.Random random = new(seed);

    public IBackend Cpu => cpu;

    public IBackend Ocl => ocl;

    /// <summary>Uploads <paramref name="values"/>, converted to <paramref name="dtype"/>, to both backends.</summary>
    public Twin Upload(double[] values, DType dtype)
    {
        var twin = dtype switch
        {
            DType.Float32 => Both(b => b.Upload<float>([.. values.Select(v => (float)v)])),
            DType.Float64 => Both(b => b.Upload<double>(values)),
            _ => Both(b => b.Upload<int>([.. values.Select(v => (int)v)])),
        };
        return twin;
    }

    /// <summary>A zero-filled buffer on both backends.</summary>
    public Twin Zeros(DType dtype, int length) => Both(b => b.Allocate(dtype, length));

    /// <summary>Seeded N(0, 1) values.</summary>
    public double[] Normal(int n)
    {
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            // Box–Muller: two uniforms give one standard normal.
            var u = 1.0 - random.NextDouble();
            values[i] = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
        }

        return values;
    }

    /// <summary>Seeded integers in <paramref name="low"/>..<paramref name="high"/>-1.</summary>
    public double[] Integers(int n, int low, int high) =>
        [.. Enumerable.Range(0, n).Select(_ => (double)random.Next(low, high))];

    /// <summary>Runs <paramref name="operation"/> once on each backend.</summary>
    public void Run(Action<IBackend> operation)
    {
        operation(cpu);
        operation(ocl);
    }

    /// <summary>Asserts that both copies of <paramref name="output"/> agree within the tolerance.</summary>
    public void ShouldAgree(Twin output, (double Atol, double Rtol) tolerance, string what)
    {
        output.Cpu.DType.Should().Be(output.Ocl.DType, what);
        AllCloseAssertions.AssertAllClose(
            Download(output.Ocl), Download(output.Cpu), tolerance.Atol, tolerance.Rtol, $"{what} (OpenCL vs CPU)");
    }

    /// <summary>Any buffer's contents as doubles.</summary>
    public static double[] Download(DeviceBuffer buffer)
    {
        switch (buffer.DType)
        {
            case DType.Float32:
                var f = new float[buffer.Length];
                buffer.Backend.Download<float>(buffer, f);
                return [.. f.Select(v => (double)v)];
            case DType.Float64:
                var d = new double[buffer.Length];
                buffer.Backend.Download<double>(buffer, d);
                return d;
            default:
                var n = new int[buffer.Length];
                buffer.Backend.Download<int>(buffer, n);
                return [.. n.Select(v => (double)v)];
        }
    }

    public void Dispose()
    {
        foreach (var twin in twins)
        {
            twin.Cpu.Dispose();
            twin.Ocl.Dispose();
        }
    }

    private Twin Both(Func<IBackend, DeviceBuffer> make)
    {
        var twin = new Twin(make(cpu), make(ocl));
        twins.Add(twin);
        return twin;
    }
}
