namespace Lessons.Data;

/// <summary>
/// The element type byte of an IDX magic number (<c>0x0000 type ndim</c>), as LeCun's format page lists them.
/// Fashion-MNIST and MNIST store unsigned bytes; the others are named so that a file holding them is refused
/// by name rather than misread.
/// </summary>
public enum IdxElementType : byte
{
    /// <summary>0x08: unsigned byte, the only type the MNIST family uses.</summary>
    UnsignedByte = 0x08,

    /// <summary>0x09: signed byte.</summary>
    SignedByte = 0x09,

    /// <summary>0x0B: big-endian 16-bit integer.</summary>
    Int16 = 0x0B,

    /// <summary>0x0C: big-endian 32-bit integer.</summary>
    Int32 = 0x0C,

    /// <summary>0x0D: big-endian 32-bit float.</summary>
    Float32 = 0x0D,

    /// <summary>0x0E: big-endian 64-bit float.</summary>
    Float64 = 0x0E,
}

/// <summary>Facts about each <see cref="IdxElementType"/>.</summary>
public static class IdxElementTypes
{
    /// <summary>The name used in messages, e.g. "0x08 (unsigned byte)"; unknown codes are shown in hex.</summary>
    public static string Describe(byte code) => code switch
    {
        0x08 => "0x08 (unsigned byte)",
        0x09 => "0x09 (signed byte)",
        0x0B => "0x0B (int16)",
        0x0C => "0x0C (int32)",
        0x0D => "0x0D (float32)",
        0x0E => "0x0E (float64)",
        _ => $"0x{code:X2} (not an IDX element type)",
    };
}
