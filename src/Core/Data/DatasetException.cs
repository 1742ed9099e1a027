namespace Lessons.Data;

/// <summary>
/// A dataset file that is missing, truncated, corrupt or not what it claims to be, or a dataset that
/// could not be found anywhere. The message names the file (or every place looked), what was expected
/// and what was found, so it can be shown to a learner as it is, without a stack trace.
/// </summary>
public sealed class DatasetException : Exception
{
    /// <summary>A dataset error about <paramref name="path"/> (null when no single file is to blame).</summary>
    public DatasetException(string message, string? path = null, Exception? inner = null)
        : base(message, inner)
    {
        Path = path;
    }

    /// <summary>The file or folder the error is about, or null.</summary>
    public string? Path { get; }
}
