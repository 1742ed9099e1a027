using Lessons.Backends.OpenCl;
using Lessons.Configuration;

namespace Lessons.Tests.OpenCl;

/// <summary>
/// The OpenCL backend the tests run on: the configured default device (POCL here, Oclgrind under
/// scripts/oclgrind-check.sh). Without any OpenCL platform the tests are ignored locally, but fail in CI
/// (<c>CI=true</c>), where a missing platform is a broken setup, never a reason to skip.
/// </summary>
internal static class OpenClTestDevice
{
    private static readonly Lazy<(OpenClBackend? Backend, string? Error)> SharedBackend = new(() =>
    {
        try
        {
            return (new OpenClBackend(new LessonsConfig()), null);
        }
        catch (OpenClException e)
        {
            return (null, e.Message);
        }
    });

    /// <summary>True when the CI environment variable says this is a CI run.</summary>
    public static bool InCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>One backend shared by the agreement fixtures, so each kernel file is compiled once per run.</summary>
    public static OpenClBackend Shared => SharedBackend.Value.Backend ?? Unavailable(SharedBackend.Value.Error!);

    /// <summary>
    /// True when OpenCL lists at least one device. Only enumerates (no context is created), so it is safe to ask
    /// while tests are being discovered.
    /// </summary>
    public static bool IsAvailable => UnavailableReason is null;

    /// <summary>
    /// Why no OpenCL device can be used (the platform's own words), or null when one can. Only enumerates.
    /// </summary>
    public static string? UnavailableReason
    {
        get
        {
            try
            {
                return OpenClDevice.All().Count > 0 ? null : "OpenCL lists no device.";
            }
            catch (OpenClException e)
            {
                return e.Message;
            }
        }
    }

    /// <summary>
    /// Ignores the test when the device lacks <paramref name="dtype"/> (a GPU without fp64) — but only outside CI:
    /// the CI device (POCL) supports every dtype, so there a missing one is a broken setup and fails.
    /// </summary>
    public static void RequireSupport(OpenClBackend backend, DType dtype)
    {
        if (backend.Supports(dtype))
        {
            return;
        }

        var message = $"{backend.DeviceName} has no {dtype} support.";
        if (InCi)
        {
            Assert.Fail(message + " (CI=true: the CI device must run every dtype.)");
        }

        Assert.Ignore(message);
    }

    /// <summary>A backend of its own, for tests that count buffers or dispose it.</summary>
    public static OpenClBackend CreateOwn()
    {
        try
        {
            return new OpenClBackend(new LessonsConfig());
        }
        catch (OpenClException e)
        {
            return Unavailable(e.Message);
        }
    }

    /// <summary>Releases the shared backend at the end of the run.</summary>
    public static void DisposeShared()
    {
        if (SharedBackend.IsValueCreated)
        {
            SharedBackend.Value.Backend?.Dispose();
        }
    }

    private static OpenClBackend Unavailable(string error)
    {
        var message = $"No OpenCL device: {error}";
        if (InCi)
        {
            Assert.Fail(message + " (CI=true: a missing OpenCL platform fails the run.)");
        }

        Assert.Ignore(message);
        return null!; // not reached: Assert.Ignore throws
    }
}
