namespace Lessons.Data;

/// <summary>
/// One file of a dataset and the facts that verify it. Either checksum is accepted: the published SHA-256 of
/// the <c>.gz</c> file, or the SHA-256 of the decompressed bytes (Debian repacked the gzip headers, so its
/// <c>.gz</c> files differ from the published ones although the data is identical).
/// </summary>
/// <param name="Name">The file name without <c>.gz</c>, e.g. <c>train-images-idx3-ubyte</c>.</param>
/// <param name="Magic">The IDX magic number it must have (<see cref="IdxReader.ImagesMagic"/> or labels).</param>
/// <param name="GzipSha256">Published SHA-256 of the <c>.gz</c> file (lower-case hex), or null if unknown.</param>
/// <param name="Sha256">SHA-256 of the decompressed bytes, or null if no verified value is known.</param>
/// <param name="Length">Length of the decompressed file in bytes.</param>
public sealed record DatasetFile(string Name, int Magic, string? GzipSha256, string? Sha256, long Length)
{
    /// <summary>The compressed file name, as published: <c>Name + ".gz"</c>.</summary>
    public string GzipName => Name + ".gz";
}
