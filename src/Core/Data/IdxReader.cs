using System.Buffers.Binary;
using System.IO.Compression;

namespace Lessons.Data;

/// <summary>
/// Reads IDX files (LeCun's format for MNIST, kept by Fashion-MNIST), gzipped or raw. The header is checked
/// before any payload is trusted: magic number, element type, dimensions; then the payload length must equal
/// the product of the dimensions exactly. Any mismatch is a <see cref="DatasetException"/> naming the file,
/// what was expected and what was found, so a bad file never becomes a partial dataset.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an image file: unsigned bytes, 3 dimensions (count, rows, cols).</summary>
    public const int ImagesMagic = 0x0803;

    /// <summary>Magic number of a label file: unsigned bytes, 1 dimension (count).</summary>
    public const int LabelsMagic = 0x0801;

    // gzip's two-byte signature (RFC 1952); files are recognised by content, not by name.
    private const byte Gzip1 = 0x1F;
    private const byte Gzip2 = 0x8B;

    /// <summary>Reads and checks <paramref name="path"/>; its magic must be <paramref name="expectedMagic"/>.</summary>
    public static IdxFile Read(string path, int expectedMagic) =>
        Parse(path, ReadAllBytes(path), expectedMagic);

    /// <summary>Reads a whole file, turning "missing" and "unreadable" into messages that name it.</summary>
    internal static byte[] ReadAllBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DatasetException($"'{path}': file not found.", path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"'{path}': cannot be read: {e.Message}", path, e);
        }
    }

    /// <summary>True when <paramref name="bytes"/> begin with the gzip signature.</summary>
    internal static bool IsGzip(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 2 && bytes[0] == Gzip1 && bytes[1] == Gzip2;

    /// <summary>Checks and parses the content of a file already in memory (gzipped or raw).</summary>
    public static IdxFile Parse(string path, byte[] fileBytes, int expectedMagic)
    {
        if (IsGzip(fileBytes))
        {
            return ParseGzip(path, fileBytes, expectedMagic);
        }

        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            throw new DatasetException(
                $"'{path}': not a gzip file: expected it to start with bytes 1F 8B, found {Hex(fileBytes, 2)}.", path);
        }

        var (elementType, dims, headerLength, payloadLength) = ParseHeader(path, fileBytes, expectedMagic);
        CheckLength(path, dims, payloadLength, fileBytes.LongLength - headerLength);
        return new IdxFile(path, elementType, dims, fileBytes, headerLength);
    }

    private static IdxFile ParseGzip(string path, byte[] fileBytes, int expectedMagic)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(fileBytes, writable: false), CompressionMode.Decompress);

            // The magic number says how many dimensions follow; read it, then the dimensions, then size the
            // buffer from them, so the payload is read once, straight into its final place.
            var magic = new byte[4];
            var got = gzip.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
            var header = new byte[4 + (4 * Math.Max(0, (int)magic[3]))];
            magic.CopyTo(header, 0);
            got += got < 4 ? 0 : gzip.ReadAtLeast(header.AsSpan(4), header.Length - 4, throwOnEndOfStream: false);
            var (elementType, dims, headerLength, payloadLength) =
                ParseHeader(path, header.AsSpan(0, got), expectedMagic);

            var bytes = new byte[headerLength + payloadLength];
            header.CopyTo(bytes, 0);
            var payloadRead = gzip.ReadAtLeast(bytes.AsSpan(headerLength), (int)payloadLength, false);
            var extra = payloadRead == payloadLength ? CountRest(gzip) : 0;
            CheckLength(path, dims, payloadLength, payloadRead + extra);
            return new IdxFile(path, elementType, dims, bytes, headerLength);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException(
                $"'{path}': corrupt gzip data ({e.Message}); expected a gzip-compressed IDX file. " +
                "Delete it and fetch it again.",
                path,
                e);
        }
    }

    private static (IdxElementType, int[] Dims, int HeaderLength, long PayloadLength) ParseHeader(
        string path, ReadOnlySpan<byte> bytes, int expectedMagic)
    {
        var what = Describe(expectedMagic);
        if (bytes.Length < 4)
        {
            throw new DatasetException(
                $"'{path}': truncated: {bytes.Length} bytes, too short for an IDX magic number; " +
                $"expected {expectedMagic} ({what}).",
                path);
        }

        var magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic == expectedMagic)
        {
            // The expected case; fall through to the dimensions.
        }
        else if ((magic >> 16) != 0 || !Enum.IsDefined(typeof(IdxElementType), (byte)(magic >> 8)))
        {
            throw new DatasetException(
                $"'{path}': not an IDX file: magic number {magic} (0x{magic:X8}), expected {expectedMagic} ({what}).",
                path);
        }
        else if ((byte)(magic >> 8) != (byte)IdxElementType.UnsignedByte)
        {
            throw new DatasetException(
                $"'{path}': IDX element type {IdxElementTypes.Describe((byte)(magic >> 8))} is not supported; " +
                $"expected magic number {expectedMagic} ({what}).",
                path);
        }
        else
        {
            var hint = magic == ImagesMagic || magic == LabelsMagic ? $" — this looks like {Describe(magic)}" : "";
            throw new DatasetException(
                $"'{path}': magic number {magic} ({magic & 0xFF} dimensions){hint}; expected {expectedMagic} ({what}).",
                path);
        }

        var rank = magic & 0xFF;
        var headerLength = 4 + (4 * rank);
        if (bytes.Length < headerLength)
        {
            throw new DatasetException(
                $"'{path}': truncated header: {bytes.Length} bytes, expected {headerLength} " +
                $"(magic number and {rank} dimensions).",
                path);
        }

        var dims = new int[rank];
        long payloadLength = 1;
        for (var i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes[(4 + (4 * i))..]);
            if (dims[i] < 0)
            {
                throw new DatasetException(
                    $"'{path}': dimension {i} is {dims[i]}; expected a count >= 0.", path);
            }

            payloadLength *= dims[i];
            if (payloadLength > Array.MaxLength - headerLength)
            {
                throw new DatasetException(
                    $"'{path}': dimensions {string.Join("x", dims[..(i + 1)])} describe more than " +
                    $"{Array.MaxLength} bytes; expected a dataset that fits in memory.",
                    path);
            }
        }

        return ((IdxElementType)(magic >> 8), dims, headerLength, payloadLength);
    }

    private static void CheckLength(string path, int[] dims, long expected, long found)
    {
        if (found != expected)
        {
            var kind = found < expected ? "truncated" : "too long";
            throw new DatasetException(
                $"'{path}': {kind}: payload is {found} bytes, expected {expected} " +
                $"(dimensions {string.Join("x", dims)}, one byte each).",
                path);
        }
    }

    // Bytes left in the stream after the payload; a well-formed file has none.
    private static long CountRest(Stream stream)
    {
        var scratch = new byte[4096];
        long total = 0;
        int read;
        while ((read = stream.Read(scratch)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static string Describe(int magic) => magic switch
    {
        ImagesMagic => "images: unsigned bytes, 3 dimensions",
        LabelsMagic => "labels: unsigned bytes, 1 dimension",
        _ => $"element type {IdxElementTypes.Describe((byte)(magic >> 8))}, {magic & 0xFF} dimensions",
    };

    private static string Hex(ReadOnlySpan<byte> bytes, int count) =>
        bytes.Length == 0 ? "an empty file" : Convert.ToHexString(bytes[..Math.Min(count, bytes.Length)]);
}
