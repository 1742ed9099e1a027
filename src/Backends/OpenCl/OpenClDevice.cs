using Lessons.Backends.OpenCl.Native;
using Silk.NET.OpenCL;

namespace Lessons.Backends.OpenCl;

/// <summary>One OpenCL device and the facts about it that selection and <c>Describe()</c> need.</summary>
/// <param name="Platform">The cl_platform_id.</param>
/// <param name="Handle">The cl_device_id.</param>
/// <param name="PlatformName">The platform's name, e.g. "Portable Computing Language".</param>
/// <param name="PlatformVersion">The platform's version string.</param>
/// <param name="Name">The device's name, e.g. "pthread-skylake-avx512-AMD EPYC".</param>
/// <param name="Type">CL_DEVICE_TYPE bits.</param>
/// <param name="DriverVersion">CL_DRIVER_VERSION.</param>
/// <param name="ComputeUnits">CL_DEVICE_MAX_COMPUTE_UNITS.</param>
/// <param name="GlobalMemory">CL_DEVICE_GLOBAL_MEM_SIZE in bytes.</param>
/// <param name="LocalMemory">CL_DEVICE_LOCAL_MEM_SIZE in bytes.</param>
/// <param name="MaxWorkGroupSize">CL_DEVICE_MAX_WORK_GROUP_SIZE.</param>
/// <param name="HasFp64">True when the device computes in double precision (cl_khr_fp64).</param>
public sealed record OpenClDevice(
    nint Platform,
    nint Handle,
    string PlatformName,
    string PlatformVersion,
    string Name,
    ulong Type,
    string DriverVersion,
    int ComputeUnits,
    long GlobalMemory,
    long LocalMemory,
    int MaxWorkGroupSize,
    bool HasFp64)
{
    /// <summary>True for a CPU device (POCL, Intel's CPU runtime), where local memory is ordinary cache.</summary>
    public bool IsCpu => (Type & (ulong)DeviceType.Cpu) != 0 && (Type & (ulong)DeviceType.Gpu) == 0;

    /// <summary>True for the Oclgrind simulator, whose checker needs buffers zeroed from the host.</summary>
    public bool IsOclgrind => PlatformName.Contains("Oclgrind", StringComparison.OrdinalIgnoreCase);

    /// <summary>"GPU", "CPU", "accelerator", or several joined by '+'.</summary>
    public string TypeName
    {
        get
        {
            var names = new List<string>();
            if ((Type & (ulong)DeviceType.Gpu) != 0)
            {
                names.Add("GPU");
            }

            if ((Type & (ulong)DeviceType.Accelerator) != 0)
            {
                names.Add("accelerator");
            }

            if ((Type & (ulong)DeviceType.Cpu) != 0)
            {
                names.Add("CPU");
            }

            return names.Count == 0 ? "other" : string.Join("+", names);
        }
    }

    /// <summary>Every device of every platform, in platform order then device order.</summary>
    /// <exception cref="OpenClException">No OpenCL runtime is installed at all.</exception>
    public static IReadOnlyList<OpenClDevice> All()
    {
        var platforms = ClInfo.Platforms(); // loads the library: its absence is an OpenClException
        var devices = new List<OpenClDevice>();
        foreach (var platform in platforms)
        {
            var platformName = ClInfo.PlatformString(platform, PlatformInfo.Name);
            var platformVersion = ClInfo.PlatformString(platform, PlatformInfo.Version);
            foreach (var device in ClInfo.Devices(platform))
            {
                devices.Add(Query(platform, platformName, platformVersion, device));
            }
        }

        return devices;
    }

    private static OpenClDevice Query(nint platform, string platformName, string platformVersion, nint device)
    {
        var extensions = ClInfo.DeviceString(device, DeviceInfo.Extensions);
        var hasFp64 = extensions.Contains("cl_khr_fp64", StringComparison.Ordinal)
            || ClInfo.DeviceValue<ulong>(device, DeviceInfo.DoubleFPConfig) != 0;
        return new OpenClDevice(
            platform,
            device,
            platformName,
            platformVersion,
            ClInfo.DeviceString(device, DeviceInfo.Name),
            ClInfo.DeviceValue<ulong>(device, DeviceInfo.Type),
            ClInfo.DeviceString(device, DeviceInfo.DriverVersion),
            (int)ClInfo.DeviceValue<uint>(device, DeviceInfo.MaxComputeUnits),
            (long)ClInfo.DeviceValue<ulong>(device, DeviceInfo.GlobalMemSize),
            (long)ClInfo.DeviceValue<ulong>(device, DeviceInfo.LocalMemSize),
            (int)ClInfo.DeviceValue<nuint>(device, DeviceInfo.MaxWorkGroupSize),
            hasFp64);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{PlatformName} / {Name} ({TypeName})";
}
