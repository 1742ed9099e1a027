namespace Lessons.Figures;

/// <summary>
/// The CRC-32 that PNG chunks carry (ISO 3309 / ITU-T V.42, reflected polynomial 0xEDB88320), computed with the
/// usual 256-entry table, as in the PNG specification's sample code. System.IO.Hashing would do it, but it is
/// not a package this project can reach, and the whole algorithm is ten lines.
/// </summary>
public static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC-32 of <paramref name="bytes"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> bytes) => Append(0, bytes);

    /// <summary>Continues a CRC-32 (<paramref name="crc"/> from an earlier call) over more bytes.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> bytes)
    {
        var c = ~crc;
        foreach (var b in bytes)
        {
            c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return ~c;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
