using Silk.NET.OpenCL;

namespace Lessons.Backends.OpenCl.Native;

/// <summary>
/// The binding to the OpenCL C API: Silk.NET.OpenCL, the package the project's users named, a generated,
/// maintained binding of every OpenCL entry point and enum (<c>DeviceInfo</c>, <c>MemFlags</c>, ...). Its calls
/// keep the C signatures (handles are <see cref="nint"/>, cl_int statuses are returned, never thrown) with the
/// <c>cl</c> prefix dropped, so <c>Api.CreateKernel</c> is clCreateKernel and the Khronos reference pages apply.
/// Only the <c>Native</c> room, <see cref="CommandQueue"/>, <see cref="KernelLibrary"/>, <see cref="KernelArg"/>
/// and the backend's context and buffer calls touch it; ops and kernels never do.
/// </summary>
/// <remarks>
/// Silk finds the ICD loader (libOpenCL.so.1, OpenCL.dll, the macOS framework) by itself, and the loader finds
/// the vendors (POCL, a GPU driver, or Oclgrind through OCL_ICD_VENDORS). When there is no loader at all, Silk
/// throws <see cref="FileNotFoundException"/>; <see cref="Load"/> turns that into advice on what to install.
/// </remarks>
internal static class Cl
{
    private static CL? api;

    /// <summary>The OpenCL API, loaded on first use.</summary>
    /// <exception cref="OpenClException">No OpenCL library is installed.</exception>
    public static CL Api => api ??= Load();

    /// <summary>
    /// Loads the OpenCL library: the system's ICD loader, or the files <paramref name="libraryNames"/> names
    /// (the first that loads). A missing library is an <see cref="OpenClException"/> that says what to install.
    /// </summary>
    public static CL Load(params string[] libraryNames)
    {
        try
        {
            return libraryNames.Length == 0 ? CL.GetApi() : new CL(CL.CreateDefaultContext(libraryNames));
        }
        catch (Exception e) when (IsMissingLibrary(e))
        {
            var tried = libraryNames.Length == 0 ? "libOpenCL.so.1 / OpenCL.dll" : string.Join(", ", libraryNames);
            throw new OpenClException($"The OpenCL runtime library ({tried}) could not be loaded. {HowToInstall}", e);
        }
    }

    /// <summary>What to do when there is no OpenCL library or no platform.</summary>
    public const string HowToInstall =
        "Install an OpenCL platform: on Debian/Ubuntu `sudo apt-get install ocl-icd-libopencl1 pocl-opencl-icd` " +
        "(OpenCL on the CPU through POCL), or your GPU vendor's driver (NVIDIA, AMD ROCm, Intel compute-runtime). " +
        "`clinfo -l` lists the platforms the system sees. Or choose the CPU backend: LESSONS_BACKEND=cpu.";

    /// <summary>
    /// Silk throws <see cref="FileNotFoundException"/> when no candidate file loads; from a static initializer it
    /// arrives wrapped in <see cref="TypeInitializationException"/>; a loader without the symbols gives
    /// <see cref="DllNotFoundException"/> or <see cref="EntryPointNotFoundException"/>.
    /// </summary>
    internal static bool IsMissingLibrary(Exception e) => e switch
    {
        FileNotFoundException or DllNotFoundException or EntryPointNotFoundException => true,
        TypeInitializationException { InnerException: { } inner } => IsMissingLibrary(inner),
        _ => false,
    };
}
