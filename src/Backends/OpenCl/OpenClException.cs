namespace Lessons.Backends.OpenCl;

/// <summary>
/// An OpenCL call failed, a kernel did not build, or no usable platform or device was found.
/// The message names the call and the status, e.g. "clBuildProgram: CL_BUILD_PROGRAM_FAILURE (-11)",
/// followed by whatever helps: the build log, the devices that exist, how to install a runtime.
/// </summary>
public sealed class OpenClException : Exception
{
    /// <summary>An error that is not a native status code (no platform, unknown device name).</summary>
    public OpenClException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>A native call returned <paramref name="status"/>.</summary>
    public OpenClException(int status, string message)
        : base(message)
    {
        Status = status;
    }

    /// <summary>The cl_int status code the native call returned, or null when none was involved.</summary>
    public int? Status { get; }
}
