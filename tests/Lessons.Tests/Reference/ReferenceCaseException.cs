namespace Lessons.Tests.Reference;

/// <summary>
/// A reference case that cannot be run as written (unknown loss, option or kind, malformed tensor): the test fails
/// with a message naming the case and its file, so adding a case never passes silently.
/// </summary>
public sealed class ReferenceCaseException(string message) : Exception(message);
