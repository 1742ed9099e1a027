using System.Reflection;
using System.Runtime.InteropServices;

namespace Lessons.Backends.OpenCl.Native;

/// <summary>
/// The OpenCL 1.2 C API, exactly the subset this backend calls, named as in the C headers
/// (<c>CL/cl.h</c>) so the Khronos reference pages apply word for word. Handles (cl_platform_id,
/// cl_mem, ...) are <see cref="nint"/>, cl_int is <see cref="int"/>, size_t is <see cref="nuint"/>,
/// cl_bitfield is <see cref="ulong"/>. Every declaration lives in this one file, so replacing the
/// binding (say by Silk.NET.OpenCL) touches one room only.
/// </summary>
internal static unsafe partial class Cl
{
    private const string Library = "OpenCL";

    static Cl()
    {
        // "OpenCL" is not a file name on any OS: map it to the ICD loader each system ships.
        NativeLibrary.SetDllImportResolver(typeof(Cl).Assembly, Resolve);
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return 0;
        }

        string[] candidates =
            OperatingSystem.IsWindows() ? ["OpenCL.dll"]
            : OperatingSystem.IsMacOS() ? ["/System/Library/Frameworks/OpenCL.framework/OpenCL"]
            : ["libOpenCL.so.1", "libOpenCL.so"];
        foreach (var candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        return 0; // let the runtime fail with DllNotFoundException; the backend turns it into advice
    }

    // ---- constants (values from CL/cl.h) ----

    public const uint CL_TRUE = 1;

    public const uint CL_PLATFORM_VERSION = 0x0901;
    public const uint CL_PLATFORM_NAME = 0x0902;
    public const uint CL_PLATFORM_VENDOR = 0x0903;

    public const ulong CL_DEVICE_TYPE_CPU = 1 << 1;
    public const ulong CL_DEVICE_TYPE_GPU = 1 << 2;
    public const ulong CL_DEVICE_TYPE_ACCELERATOR = 1 << 3;
    public const ulong CL_DEVICE_TYPE_ALL = 0xFFFFFFFF;

    public const uint CL_DEVICE_TYPE = 0x1000;
    public const uint CL_DEVICE_MAX_COMPUTE_UNITS = 0x1002;
    public const uint CL_DEVICE_MAX_WORK_GROUP_SIZE = 0x1004;
    public const uint CL_DEVICE_MAX_CLOCK_FREQUENCY = 0x100C;
    public const uint CL_DEVICE_MAX_MEM_ALLOC_SIZE = 0x1010;
    public const uint CL_DEVICE_GLOBAL_MEM_SIZE = 0x101F;
    public const uint CL_DEVICE_LOCAL_MEM_SIZE = 0x1023;
    public const uint CL_DEVICE_NAME = 0x102B;
    public const uint CL_DEVICE_VENDOR = 0x102C;
    public const uint CL_DRIVER_VERSION = 0x102D;
    public const uint CL_DEVICE_VERSION = 0x102F;
    public const uint CL_DEVICE_EXTENSIONS = 0x1030;
    public const uint CL_DEVICE_DOUBLE_FP_CONFIG = 0x1032;

    public const ulong CL_MEM_READ_WRITE = 1 << 0;
    public const ulong CL_MEM_COPY_HOST_PTR = 1 << 5;

    public const uint CL_PROGRAM_BUILD_LOG = 0x1183;

    public const uint CL_KERNEL_WORK_GROUP_SIZE = 0x11B0;
    public const uint CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE = 0x11B3;

    // ---- platforms and devices ----

    [LibraryImport(Library)]
    public static partial int clGetPlatformIDs(uint num_entries, nint* platforms, uint* num_platforms);

    [LibraryImport(Library)]
    public static partial int clGetPlatformInfo(
        nint platform, uint param_name, nuint param_value_size, void* param_value, nuint* param_value_size_ret);

    [LibraryImport(Library)]
    public static partial int clGetDeviceIDs(
        nint platform, ulong device_type, uint num_entries, nint* devices, uint* num_devices);

    [LibraryImport(Library)]
    public static partial int clGetDeviceInfo(
        nint device, uint param_name, nuint param_value_size, void* param_value, nuint* param_value_size_ret);

    // ---- context and queue ----

    [LibraryImport(Library)]
    public static partial nint clCreateContext(
        nint* properties, uint num_devices, nint* devices, nint pfn_notify, nint user_data, int* errcode_ret);

    [LibraryImport(Library)]
    public static partial int clReleaseContext(nint context);

    [LibraryImport(Library)]
    public static partial nint clCreateCommandQueue(nint context, nint device, ulong properties, int* errcode_ret);

    [LibraryImport(Library)]
    public static partial int clReleaseCommandQueue(nint command_queue);

    [LibraryImport(Library)]
    public static partial int clFinish(nint command_queue);

    // ---- memory ----

    [LibraryImport(Library)]
    public static partial nint clCreateBuffer(nint context, ulong flags, nuint size, void* host_ptr, int* errcode_ret);

    [LibraryImport(Library)]
    public static partial int clReleaseMemObject(nint memobj);

    [LibraryImport(Library)]
    public static partial int clEnqueueReadBuffer(
        nint command_queue, nint buffer, uint blocking_read, nuint offset, nuint size, void* ptr,
        uint num_events_in_wait_list, nint* event_wait_list, nint* @event);

    [LibraryImport(Library)]
    public static partial int clEnqueueCopyBuffer(
        nint command_queue, nint src_buffer, nint dst_buffer, nuint src_offset, nuint dst_offset, nuint size,
        uint num_events_in_wait_list, nint* event_wait_list, nint* @event);

    // ---- programs and kernels ----

    [LibraryImport(Library)]
    public static partial nint clCreateProgramWithSource(
        nint context, uint count, byte** strings, nuint* lengths, int* errcode_ret);

    [LibraryImport(Library)]
    public static partial int clBuildProgram(
        nint program, uint num_devices, nint* device_list, byte* options, nint pfn_notify, nint user_data);

    [LibraryImport(Library)]
    public static partial int clGetProgramBuildInfo(
        nint program, nint device, uint param_name, nuint param_value_size, void* param_value,
        nuint* param_value_size_ret);

    [LibraryImport(Library)]
    public static partial int clReleaseProgram(nint program);

    [LibraryImport(Library)]
    public static partial nint clCreateKernel(nint program, byte* kernel_name, int* errcode_ret);

    [LibraryImport(Library)]
    public static partial int clReleaseKernel(nint kernel);

    [LibraryImport(Library)]
    public static partial int clSetKernelArg(nint kernel, uint arg_index, nuint arg_size, void* arg_value);

    [LibraryImport(Library)]
    public static partial int clGetKernelWorkGroupInfo(
        nint kernel, nint device, uint param_name, nuint param_value_size, void* param_value,
        nuint* param_value_size_ret);

    [LibraryImport(Library)]
    public static partial int clEnqueueNDRangeKernel(
        nint command_queue, nint kernel, uint work_dim, nuint* global_work_offset, nuint* global_work_size,
        nuint* local_work_size, uint num_events_in_wait_list, nint* event_wait_list, nint* @event);
}
