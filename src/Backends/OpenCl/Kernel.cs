namespace Lessons.Backends.OpenCl;

/// <summary>A compiled kernel and the work-group limits the device reported for it.</summary>
/// <param name="Handle">The cl_kernel.</param>
/// <param name="Name">The kernel function's name, for error messages.</param>
/// <param name="MaxWorkGroupSize">CL_KERNEL_WORK_GROUP_SIZE: the most work-items one group of it may have.</param>
/// <param name="PreferredMultiple">CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE (the SIMD or warp width).</param>
internal sealed record Kernel(nint Handle, string Name, int MaxWorkGroupSize, int PreferredMultiple);
