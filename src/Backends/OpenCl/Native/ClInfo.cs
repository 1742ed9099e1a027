using System.Text;
using Silk.NET.OpenCL;
using static Lessons.Backends.OpenCl.Native.Cl;

namespace Lessons.Backends.OpenCl.Native;

/// <summary>
/// The clGet*Info calls with their two-step size-then-value dance done once, so callers read
/// <c>ClInfo.DeviceString(device, DeviceInfo.Name)</c> instead of pointer juggling.
/// </summary>
internal static unsafe class ClInfo
{
    public static nint[] Platforms()
    {
        uint count;
        var status = Api.GetPlatformIDs(0, null, &count);
        if (status == -1001 || count == 0)
        {
            return []; // CL_PLATFORM_NOT_FOUND_KHR: the ICD loader found no vendor
        }

        ClStatus.Check(status, "clGetPlatformIDs");
        var platforms = new nint[count];
        fixed (nint* p = platforms)
        {
            ClStatus.Check(Api.GetPlatformIDs(count, p, null), "clGetPlatformIDs");
        }

        return platforms;
    }

    public static nint[] Devices(nint platform)
    {
        uint count;
        var status = Api.GetDeviceIDs(platform, DeviceType.All, 0, null, &count);
        if (status == -1 || count == 0)
        {
            return []; // CL_DEVICE_NOT_FOUND: a platform with no device is not an error here
        }

        ClStatus.Check(status, "clGetDeviceIDs");
        var devices = new nint[count];
        fixed (nint* d = devices)
        {
            ClStatus.Check(Api.GetDeviceIDs(platform, DeviceType.All, count, d, null), "clGetDeviceIDs");
        }

        return devices;
    }

    public static string PlatformString(nint platform, PlatformInfo param)
    {
        nuint size;
        ClStatus.Check(Api.GetPlatformInfo(platform, param, 0, null, &size), "clGetPlatformInfo");
        var bytes = new byte[size];
        fixed (byte* b = bytes)
        {
            ClStatus.Check(Api.GetPlatformInfo(platform, param, size, b, null), "clGetPlatformInfo");
        }

        return Decode(bytes);
    }

    public static string DeviceString(nint device, DeviceInfo param)
    {
        nuint size;
        ClStatus.Check(Api.GetDeviceInfo(device, param, 0, null, &size), "clGetDeviceInfo");
        var bytes = new byte[size];
        fixed (byte* b = bytes)
        {
            ClStatus.Check(Api.GetDeviceInfo(device, param, size, b, null), "clGetDeviceInfo");
        }

        return Decode(bytes);
    }

    /// <summary>A scalar property: T is cl_uint (uint), cl_ulong or cl_bitfield (ulong), or size_t (nuint).</summary>
    public static T DeviceValue<T>(nint device, DeviceInfo param) where T : unmanaged
    {
        T value = default;
        ClStatus.Check(Api.GetDeviceInfo(device, param, (nuint)sizeof(T), &value, null), "clGetDeviceInfo");
        return value;
    }

    public static nuint KernelWorkGroupNumber(nint kernel, nint device, KernelWorkGroupInfo param)
    {
        nuint value;
        ClStatus.Check(
            Api.GetKernelWorkGroupInfo(kernel, device, param, (nuint)sizeof(nuint), &value, null),
            "clGetKernelWorkGroupInfo");
        return value;
    }

    public static string BuildLog(nint program, nint device)
    {
        nuint size;
        if (Api.GetProgramBuildInfo(program, device, ProgramBuildInfo.BuildLog, 0, null, &size) != 0)
        {
            return "(no build log available)";
        }

        var bytes = new byte[size];
        fixed (byte* b = bytes)
        {
            Api.GetProgramBuildInfo(program, device, ProgramBuildInfo.BuildLog, size, b, null);
        }

        return Decode(bytes);
    }

    private static string Decode(byte[] bytes) => Encoding.UTF8.GetString(bytes).TrimEnd('\0').Trim();
}
