using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Lessons.Data;

namespace Lessons.Figures;

/// <summary>
/// Writes PNG files (W3C PNG, 3rd edition): 8-bit grayscale or RGB, not interlaced. The pixel rows, each
/// prefixed by filter type 0 (none), are zlib-compressed into one IDAT chunk; every chunk ends with its CRC-32.
/// Small on purpose: enough for figures, with no image library (none is served by the project's registry).
/// </summary>
public static class Png
{
    /// <summary>The eight bytes every PNG file starts with.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The PNG file of <paramref name="image"/>.</summary>
    public static byte[] Encode(RasterImage image)
    {
        using var file = new MemoryStream();
        file.Write(Signature);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), image.Height);
        header[8] = 8; // bits per channel
        header[9] = image.Channels == 1 ? (byte)0 : (byte)2; // colour type: 0 gray, 2 RGB
        // compression 0 (deflate), filter method 0, interlace 0: already zero.
        WriteChunk(file, "IHDR", header);
        WriteChunk(file, "IDAT", Compress(image));
        WriteChunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>Writes <paramref name="image"/> to <paramref name="path"/> as PNG, atomically.</summary>
    public static void Save(string path, RasterImage image) => AtomicFile.WriteAllBytes(path, Encode(image));

    private static byte[] Compress(RasterImage image)
    {
        var stride = image.Width * image.Channels;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < image.Height; y++)
            {
                zlib.WriteByte(0); // filter type 0: the row as it is
                zlib.Write(image.Pixels, y * stride, stride);
            }
        }

        return compressed.ToArray();
    }

    private static void WriteChunk(Stream file, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        file.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        file.Write(typeBytes);
        file.Write(data);

        // The CRC covers the chunk type and data, not the length.
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Compute(typeBytes), data));
        file.Write(word);
    }
}
