using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Lessons.Data;

namespace Lessons.Tests.Data;

/// <summary>
/// Small CIFAR-10 batch files and archives made by the tests: the real names and record layout (label byte, then
/// the channels' planes), but 2 records of 3x2x2 pixels per file, so a file is 26 bytes.
/// </summary>
internal static class CifarTestFiles
{
    public const int Records = 2;

    // One fixed time, so that two archives of the same files are the same bytes (and have the same MD5).
    private static readonly DateTimeOffset Time = new(2009, 6, 4, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The real spec's names and layout with tiny images, served from <paramref name="url"/>.</summary>
    public static Cifar10Spec TinySpec(byte[]? archive = null, string url = "http://mirror.invalid/cifar.tar.gz") =>
        Cifar10Spec.Cifar10 with
        {
            Name = "Tiny-CIFAR",
            CacheName = "tiny-cifar",
            EnvironmentVariable = "TINY_CIFAR_DIR",
            RecordsPerFile = Records,
            Height = 2,
            Width = 2,
            ArchiveUrls = [new Uri(url)],
            ArchiveLength = (archive ?? Archive()).Length,
            ArchiveMd5 = Md5(archive ?? Archive()),
        };

    /// <summary>
    /// Batch file <paramref name="file"/> (0..5): record r has label (2·file + r) mod 10 and pixel k equal to
    /// (file·40 + r·13 + k) mod 256, so every byte says where it came from.
    /// </summary>
    public static byte[] Batch(int file)
    {
        var spec = TinySpec(archive: []);
        var bytes = new byte[spec.FileLength];
        for (var r = 0; r < Records; r++)
        {
            var record = bytes.AsSpan(r * spec.RecordLength, spec.RecordLength);
            record[0] = (byte)(((2 * file) + r) % 10);
            for (var k = 1; k < record.Length; k++)
            {
                record[k] = Pixel(file, r, k - 1);
            }
        }

        return bytes;
    }

    /// <summary>The byte of pixel <paramref name="k"/> (CHW order) of record <paramref name="r"/> in
    /// <paramref name="file"/>.</summary>
    public static byte Pixel(int file, int r, int k) => (byte)(((file * 40) + (r * 13) + k) % 256);

    /// <summary>The six files, keyed by name.</summary>
    public static Dictionary<string, byte[]> Files() =>
        Cifar10Spec.Cifar10.Files.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => Batch(p.i));

    /// <summary>Writes the six files into <paramref name="folder"/> and returns it.</summary>
    public static string WriteTiny(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in Files())
        {
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
        }

        return folder;
    }

    /// <summary>
    /// A gzipped tar laid out as the real one (a cifar-10-batches-bin folder holding the six files and
    /// batches.meta.txt), with <paramref name="extra"/> entries written first.
    /// </summary>
    public static byte[] Archive(IEnumerable<TarEntry>? extra = null, Func<string, bool>? include = null)
    {
        using var tarBytes = new MemoryStream();
        using (var tar = new TarWriter(tarBytes, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var entry in extra ?? [])
            {
                tar.WriteEntry(entry);
            }

            var folder = new UstarTarEntry(TarEntryType.Directory, "cifar-10-batches-bin/") { ModificationTime = Time };
            tar.WriteEntry(folder);
            tar.WriteEntry(Regular("cifar-10-batches-bin/batches.meta.txt", "airplane\nautomobile\n"u8.ToArray()));
            foreach (var (name, bytes) in Files().Where(f => include?.Invoke(f.Key) ?? true))
            {
                tar.WriteEntry(Regular("cifar-10-batches-bin/" + name, bytes));
            }
        }

        return IdxTestFiles.Gzip(tarBytes.ToArray());
    }

    /// <summary>A regular-file tar entry named <paramref name="name"/> holding <paramref name="bytes"/>.</summary>
    public static UstarTarEntry Regular(string name, byte[] bytes) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes), ModificationTime = Time };

    /// <summary>A symbolic link named <paramref name="name"/> pointing at <paramref name="target"/>.</summary>
    public static UstarTarEntry Link(string name, string target) =>
        new(TarEntryType.SymbolicLink, name) { LinkName = target, ModificationTime = Time };

    public static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
}
