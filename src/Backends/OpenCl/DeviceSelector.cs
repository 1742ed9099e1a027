using System.Globalization;
using Lessons.Configuration;
using Silk.NET.OpenCL;

namespace Lessons.Backends.OpenCl;

/// <summary>
/// Picks the device from <see cref="OpenClOptions"/>: platform and device each by index ("0") or by a
/// case-insensitive substring of the name ("NVIDIA"); unset, the first GPU, else the first accelerator,
/// else the first CPU device. A name that matches nothing is an error listing what exists.
/// </summary>
public static class DeviceSelector
{
    /// <summary>The device <paramref name="options"/> ask for.</summary>
    /// <exception cref="OpenClException">No platform is installed, or nothing matches the options.</exception>
    public static OpenClDevice Select(OpenClOptions options) => Select(OpenClDevice.All(), options);

    /// <summary>The same choice made from a given list, so the rules can be tested without hardware.</summary>
    public static OpenClDevice Select(IReadOnlyList<OpenClDevice> devices, OpenClOptions options)
    {
        if (devices.Count == 0)
        {
            throw new OpenClException("No OpenCL platform with a device was found. " + Native.Cl.HowToInstall);
        }

        var candidates = devices;
        if (!string.IsNullOrWhiteSpace(options.Platform))
        {
            var platforms = devices.Select(d => (d.Platform, d.PlatformName)).Distinct().ToList();
            var names = platforms.Select(p => p.PlatformName).ToList();
            var chosen = Pick(names, options.Platform, "platform", "Platforms");
            candidates = [.. devices.Where(d => d.Platform == platforms[chosen].Platform)];
        }

        if (!string.IsNullOrWhiteSpace(options.Device))
        {
            var names = candidates.Select(d => d.ToString()).ToList();
            return candidates[Pick(names, options.Device, "device", "Devices")];
        }

        return candidates.FirstOrDefault(d => (d.Type & (ulong)DeviceType.Gpu) != 0)
            ?? candidates.FirstOrDefault(d => (d.Type & (ulong)DeviceType.Accelerator) != 0)
            ?? candidates.FirstOrDefault(d => (d.Type & (ulong)DeviceType.Cpu) != 0)
            ?? candidates[0];
    }

    /// <summary>The position in <paramref name="names"/> that <paramref name="wanted"/> means.</summary>
    private static int Pick(List<string> names, string wanted, string what, string listTitle)
    {
        wanted = wanted.Trim();
        var listing = string.Join("; ", names.Select((n, i) => $"[{i}] {n}"));
        if (int.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            if (index < names.Count)
            {
                return index;
            }

            throw new OpenClException(
                $"OpenCL {what} index {index} is out of range: {names.Count} found. {listTitle} found: {listing}.");
        }

        var match = names.FindIndex(n => n.Contains(wanted, StringComparison.OrdinalIgnoreCase));
        if (match < 0)
        {
            throw new OpenClException(
                $"OpenCL {what} '{wanted}' was not found. {listTitle} found: {listing}. " +
                $"Set openCl.{what} in lessons.json to an index or a part of one of these names.");
        }

        return match;
    }
}
