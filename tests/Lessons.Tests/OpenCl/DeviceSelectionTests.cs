using Lessons.Backends;
using Lessons.Backends.OpenCl;
using Lessons.Backends.OpenCl.Native;
using Lessons.Configuration;
using Silk.NET.OpenCL;

namespace Lessons.Tests.OpenCl;

/// <summary>Choosing a platform and device, describing it, and saying what to do when there is none.</summary>
public sealed class DeviceSelectionTests
{
    private static readonly OpenClDevice Cpu0 =
        Fake(1, "Portable Computing Language", "pthread-skylake", (ulong)DeviceType.Cpu);
    private static readonly OpenClDevice Gpu1 = Fake(2, "NVIDIA CUDA", "NVIDIA H100", (ulong)DeviceType.Gpu);
    private static readonly OpenClDevice Acc2 = Fake(3, "Xilinx", "FPGA board", (ulong)DeviceType.Accelerator);

    [Test]
    public void The_default_is_the_first_GPU_then_accelerator_then_CPU()
    {
        DeviceSelector.Select([Cpu0, Acc2, Gpu1], new OpenClOptions()).Should().Be(Gpu1);
        DeviceSelector.Select([Cpu0, Acc2], new OpenClOptions()).Should().Be(Acc2);
        DeviceSelector.Select([Cpu0], new OpenClOptions()).Should().Be(Cpu0);
    }

    [Test]
    public void Platform_and_device_are_found_by_index_or_by_part_of_the_name()
    {
        OpenClDevice[] all = [Cpu0, Gpu1, Acc2];
        DeviceSelector.Select(all, new OpenClOptions { Device = "0" }).Should().Be(Cpu0);
        DeviceSelector.Select(all, new OpenClOptions { Device = "h100" }).Should().Be(Gpu1);
        DeviceSelector.Select(all, new OpenClOptions { Platform = "portable" }).Should().Be(Cpu0);
        DeviceSelector.Select(all, new OpenClOptions { Platform = "2", Device = "0" }).Should().Be(Acc2);
    }

    [Test]
    public void An_unknown_device_name_lists_the_devices_found()
    {
        var act = () => DeviceSelector.Select([Cpu0, Gpu1], new OpenClOptions { Device = "Radeon" });
        act.Should().Throw<OpenClException>().WithMessage(
            "OpenCL device 'Radeon' was not found. Devices found: " +
            "[0] Portable Computing Language / pthread-skylake (CPU); [1] NVIDIA CUDA / NVIDIA H100 (GPU).*");
    }

    [Test]
    public void An_unknown_platform_or_an_index_out_of_range_lists_what_exists()
    {
        var platform = () => DeviceSelector.Select([Cpu0, Gpu1], new OpenClOptions { Platform = "Intel" });
        platform.Should().Throw<OpenClException>().WithMessage(
            "OpenCL platform 'Intel' was not found. " +
            "Platforms found: [0] Portable Computing Language; [1] NVIDIA CUDA.*");
        var index = () => DeviceSelector.Select([Cpu0], new OpenClOptions { Device = "3" });
        index.Should().Throw<OpenClException>().WithMessage("OpenCL device index 3 is out of range: 1 found.*");
    }

    [Test]
    public void No_platform_says_how_to_install_one()
    {
        var act = () => DeviceSelector.Select([], new OpenClOptions());
        act.Should().Throw<OpenClException>().WithMessage(
            "No OpenCL platform with a device was found.*apt-get install ocl-icd-libopencl1 pocl-opencl-icd*" +
            "GPU vendor's driver*");
    }

    [Test]
    public void A_missing_OpenCL_library_says_which_Debian_packages_to_install()
    {
        // The binding pointed at a library that does not exist, as on a machine with no ICD loader.
        var act = () => Cl.Load("/nonexistent/libOpenCL.so.1");

        act.Should().Throw<OpenClException>()
            .WithMessage("The OpenCL runtime library (/nonexistent/libOpenCL.so.1) could not be loaded. " +
                "Install an OpenCL platform: on Debian/Ubuntu `sudo apt-get install ocl-icd-libopencl1 " +
                "pocl-opencl-icd`*LESSONS_BACKEND=cpu.")
            .Which.InnerException.Should().BeOfType<FileNotFoundException>();
    }

    [Test]
    public void A_missing_library_is_recognised_inside_a_static_initializers_wrapper()
    {
        Cl.IsMissingLibrary(new TypeInitializationException("Silk.NET.OpenCL.CL", new FileNotFoundException()))
            .Should().BeTrue();
        Cl.IsMissingLibrary(new TypeInitializationException("Other", new InvalidOperationException()))
            .Should().BeFalse();
    }

    [Test]
    public void An_unknown_device_on_the_real_system_lists_the_real_devices()
    {
        _ = OpenClTestDevice.Shared; // ignored (or failed in CI) when there is no OpenCL at all
        var config = new LessonsConfig { OpenCl = new OpenClOptions { Device = "no-such-device" } };
        var act = () => new OpenClBackend(config);
        act.Should().Throw<OpenClException>()
            .WithMessage(
                "OpenCL device 'no-such-device' was not found. Devices found: [0] *" +
                OpenClTestDevice.Shared.DeviceName + "*");
    }

    [Test]
    public void The_front_door_creates_the_OpenCL_backend_by_name()
    {
        _ = OpenClTestDevice.Shared;
        using var backend = Backend.Create("opencl", new LessonsConfig());
        backend.Should().BeOfType<OpenClBackend>();
        backend.Name.Should().Be("opencl");
    }

    [Test]
    public void Describe_names_platform_device_driver_compute_units_memory_and_fp64()
    {
        var text = OpenClTestDevice.Shared.Describe();
        TestContext.Out.WriteLine(text);
        text.Should().Contain("platform: ").And.Contain("device: ").And.Contain("driver version: ")
            .And.Contain("compute units: ").And.Contain("global memory: ").And.Contain("fp64: ");
        text.Should().Contain(OpenClTestDevice.Shared.Device.PlatformName);
    }

    private static OpenClDevice Fake(nint platform, string platformName, string name, ulong type) =>
        new(platform, platform * 100, platformName, "OpenCL 3.0", name, type, "1.0", 8, 1L << 33, 65536, 1024, true);
}
