using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Lessons.Figures;

namespace Lessons.Tests.Figures;

/// <summary>
/// Just enough of a PNG reader to check what <see cref="Png"/> writes: 8-bit gray or RGB, not interlaced, all five
/// row filters; every chunk's CRC is checked, so a wrong CRC-32 fails the test.
/// </summary>
internal static class PngDecoder
{
    public static RasterImage Decode(byte[] file)
    {
        file.AsSpan(0, 8).SequenceEqual(Png.Signature).Should().BeTrue("a PNG starts with its signature");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        var chunks = new List<string>();
        for (var at = 8; at < file.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            var type = Encoding.ASCII.GetString(file, at + 4, 4);
            var data = file.AsSpan(at + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at + 8 + length));
            crc.Should().Be(Crc32.Compute(file.AsSpan(at + 4, length + 4)), $"the CRC of chunk {type}");
            chunks.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                data[8].Should().Be(8, "8 bits per channel");
                channels = data[9] switch
                {
                    0 => 1,
                    2 => 3,
                    var t => throw new NotSupportedException($"colour type {t}"),
                };
                data[12].Should().Be(0, "not interlaced");
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            at += 12 + length;
        }

        chunks.First().Should().Be("IHDR");
        chunks.Last().Should().Be("IEND");
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        var stride = width * channels;
        var raw = new byte[(stride + 1) * height];
        zlib.ReadExactly(raw);
        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                var value = raw[(y * (stride + 1)) + 1 + x];
                int a = x >= channels ? pixels[(y * stride) + x - channels] : 0;
                int b = y > 0 ? pixels[((y - 1) * stride) + x] : 0;
                int c = x >= channels && y > 0 ? pixels[((y - 1) * stride) + x - channels] : 0;
                pixels[(y * stride) + x] = (byte)(value + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new NotSupportedException($"filter {filter}"),
                });
            }
        }

        return new RasterImage(width, height, channels, pixels);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
