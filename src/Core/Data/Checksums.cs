using System.Security.Cryptography;

namespace Lessons.Data;

/// <summary>
/// Verifies a dataset file against its published checksums. Either the SHA-256 of the file as it lies on disk
/// (the published <c>.gz</c> hash) or the SHA-256 of its decompressed bytes is accepted, because Debian
/// repacked the gzip headers: same data, different <c>.gz</c> bytes.
/// </summary>
internal static class Checksums
{
    /// <summary>Lower-case hex SHA-256, the form published checksums are written in.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// Checks the file read from <paramref name="path"/> (<paramref name="fileBytes"/> as on disk,
    /// <paramref name="idx"/> decompressed) and says which check passed; throws naming both hashes when none does.
    /// </summary>
    public static string Verify(string datasetName, DatasetFile file, string path, byte[] fileBytes, IdxFile idx)
    {
        if (idx.Bytes.LongLength != file.Length)
        {
            throw new DatasetException(
                $"'{path}': {idx.Bytes.LongLength} bytes decompressed (dimensions {idx.DimensionsText}), " +
                $"expected {file.Length} for {datasetName}'s {file.Name}.",
                path);
        }

        // The decompressed hash first: it is known for both the published and Debian's files, and the
        // decompressed bytes are already in memory.
        var compressed = IdxReader.IsGzip(fileBytes);
        string? found = null;
        if (file.Sha256 is not null)
        {
            found = Sha256Hex(idx.Bytes);
            if (found == file.Sha256)
            {
                return "SHA-256 of the decompressed bytes verified";
            }
        }

        string? foundGzip = null;
        if (compressed && file.GzipSha256 is not null)
        {
            foundGzip = Sha256Hex(fileBytes);
            if (foundGzip == file.GzipSha256)
            {
                return "published .gz SHA-256 verified";
            }
        }

        if (found is null && foundGzip is null)
        {
            // MNIST publishes only .gz hashes; an uncompressed copy can be checked by structure and length alone.
            return "not verified by checksum (none is published for the uncompressed file); IDX structure checked";
        }

        var details = new List<string>();
        if (found is not null)
        {
            details.Add($"SHA-256 of the decompressed bytes is {found}, expected {file.Sha256}");
        }

        if (foundGzip is not null)
        {
            details.Add($"SHA-256 of the .gz file is {foundGzip}, expected {file.GzipSha256}");
        }

        throw new DatasetException(
            $"'{path}': checksum mismatch: {string.Join("; ", details)}. The file is corrupt or is not " +
            $"{datasetName}'s {file.Name}; delete it and fetch it again.",
            path);
    }
}
