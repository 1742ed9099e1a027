namespace Lessons.Cli;

/// <summary>A mistake in what the user typed or configured, found before any work started; its message says what
/// was wrong, where it came from and what is expected.</summary>
/// <param name="message">The message, in the user's words.</param>
public sealed class UserError(string message) : Exception(message);
