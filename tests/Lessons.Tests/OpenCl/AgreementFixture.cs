using Lessons.Backends;
using Lessons.Backends.Cpu;
using Lessons.Backends.OpenCl;

namespace Lessons.Tests.OpenCl;

/// <summary>
/// Base of the agreement fixtures: the CPU reference and the shared OpenCL backend, for one dtype, and the
/// odd sizes every primitive is tried on (not only multiples of a tile or work-group size).
/// </summary>
public abstract class AgreementFixture(DType dtype)
{
    /// <summary>Sizes that are 1, prime, just off powers of two, and large.</summary>
    public static readonly int[] Sizes = [1, 7, 31, 33, 255, 257, 1000];

    protected DType DType { get; } = dtype;

    protected CpuBackend Cpu { get; private set; } = null!;

    protected OpenClBackend Ocl { get; private set; } = null!;

    [OneTimeSetUp]
    public void StartBackends()
    {
        Ocl = OpenClTestDevice.Shared;
        OpenClTestDevice.RequireSupport(Ocl, DType);

        Cpu = new CpuBackend();
    }

    [OneTimeTearDown]
    public void StopCpu() => Cpu?.Dispose();

    protected Agreement Agree(int seed = 1234) => new(Cpu, Ocl, seed);

    /// <summary>Row-major strides of <paramref name="shape"/>.</summary>
    protected static int[] Strides(params int[] shape) => new Shape(shape).Strides();

    /// <summary>Strides reading an input of shape <paramref name="input"/> as <paramref name="output"/>.</summary>
    protected static int[] Broadcast(int[] input, int[] output) => new Shape(input).BroadcastStrides(new Shape(output));
}
