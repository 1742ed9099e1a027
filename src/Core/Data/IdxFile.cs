namespace Lessons.Data;

/// <summary>
/// One IDX file, checked and held whole in memory: the header (magic number and big-endian dimensions) and
/// the row-major payload right after it, in one array so that the decompressed SHA-256 can be taken over
/// exactly the bytes that were read.
/// </summary>
public sealed class IdxFile
{
    private readonly int[] dimensions;

    internal IdxFile(string path, IdxElementType elementType, int[] dimensions, byte[] bytes, int headerLength)
    {
        Path = path;
        ElementType = elementType;
        this.dimensions = dimensions;
        Bytes = bytes;
        HeaderLength = headerLength;
    }

    /// <summary>The file this was read from.</summary>
    public string Path { get; }

    /// <summary>The element type from the magic number (<see cref="IdxElementType.UnsignedByte"/> today).</summary>
    public IdxElementType ElementType { get; }

    /// <summary>The dimensions, outermost first: (count, rows, cols) for images, (count) for labels.</summary>
    public IReadOnlyList<int> Dimensions => dimensions;

    /// <summary>The number of items: the first dimension.</summary>
    public int Count => dimensions[0];

    /// <summary>The whole uncompressed file, header included: what the decompressed checksum covers.</summary>
    public byte[] Bytes { get; }

    /// <summary>Bytes of header before the payload: 4 for the magic number and 4 per dimension.</summary>
    public int HeaderLength { get; }

    /// <summary>The payload: one byte per element, row-major.</summary>
    public ReadOnlySpan<byte> Payload => Bytes.AsSpan(HeaderLength);

    /// <summary>The dimensions as text, e.g. <c>60000x28x28</c>.</summary>
    public string DimensionsText => string.Join("x", dimensions);
}
