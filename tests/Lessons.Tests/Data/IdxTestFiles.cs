using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using Lessons.Data;

namespace Lessons.Tests.Data;

/// <summary>Small IDX files made by the tests: valid ones, and every kind of broken one.</summary>
internal static class IdxTestFiles
{
    /// <summary>An IDX file: big-endian magic, big-endian dimensions, then the payload.</summary>
    public static byte[] Idx(int magic, int[] dims, byte[] payload)
    {
        var bytes = new byte[4 + (4 * dims.Length) + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (var i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dims[i]);
        }

        payload.CopyTo(bytes, 4 + (4 * dims.Length));
        return bytes;
    }

    /// <summary>Images whose pixel k of image n is (n·7 + k) mod 256, so every pixel is predictable.</summary>
    public static byte[] Images(int count, int rows = 4, int cols = 3) =>
        Idx(IdxReader.ImagesMagic, [count, rows, cols], Pixels(count, rows * cols));

    /// <summary>The payload of <see cref="Images"/>.</summary>
    public static byte[] Pixels(int count, int size) =>
        Enumerable.Range(0, count * size).Select(i => (byte)(((i / size * 7) + (i % size)) % 256)).ToArray();

    /// <summary>Labels n mod 10.</summary>
    public static byte[] Labels(int count) =>
        Idx(IdxReader.LabelsMagic, [count], Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray());

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// A tiny dataset spec whose decompressed checksums are those of <see cref="Images"/> and
    /// <see cref="Labels"/> for the given counts, with the given mirrors.
    /// </summary>
    public static DatasetSpec TinySpec(int train = 12, int test = 5, params Uri[] mirrors)
    {
        DatasetFile File(string name, int magic, byte[] bytes) =>
            new(name, magic, Sha256(Gzip(bytes)), Sha256(bytes), bytes.Length);

        return new DatasetSpec
        {
            Name = "Tiny-MNIST",
            CacheName = "tiny-mnist",
            TrainImages = File("train-images-idx3-ubyte", IdxReader.ImagesMagic, Images(train)),
            TrainLabels = File("train-labels-idx1-ubyte", IdxReader.LabelsMagic, Labels(train)),
            TestImages = File("t10k-images-idx3-ubyte", IdxReader.ImagesMagic, Images(test)),
            TestLabels = File("t10k-labels-idx1-ubyte", IdxReader.LabelsMagic, Labels(test)),
            EnvironmentVariable = "TINY_MNIST_DIR",
            UsesConfigDataDir = true,
            InstallHint = "sudo apt-get install dataset-tiny-mnist",
            Mirrors = mirrors.Length > 0 ? mirrors : [new Uri("http://mirror.invalid/tiny/")],
            ClassNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
        };
    }

    /// <summary>The four valid files of <see cref="TinySpec"/>, gzipped or raw, keyed by file name.</summary>
    public static Dictionary<string, byte[]> TinyFiles(int train = 12, int test = 5, bool gzip = true)
    {
        var raw = new Dictionary<string, byte[]>
        {
            ["train-images-idx3-ubyte"] = Images(train),
            ["train-labels-idx1-ubyte"] = Labels(train),
            ["t10k-images-idx3-ubyte"] = Images(test),
            ["t10k-labels-idx1-ubyte"] = Labels(test),
        };
        return gzip ? raw.ToDictionary(p => p.Key + ".gz", p => Gzip(p.Value)) : raw;
    }

    /// <summary>Writes <see cref="TinyFiles"/> into <paramref name="folder"/> and returns it.</summary>
    public static string WriteTiny(string folder, int train = 12, int test = 5, bool gzip = true)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in TinyFiles(train, test, gzip))
        {
            System.IO.File.WriteAllBytes(Path.Combine(folder, name), bytes);
        }

        return folder;
    }
}
