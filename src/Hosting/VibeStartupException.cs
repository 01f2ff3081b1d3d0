namespace Vibe.Hosting;

/// <summary>
/// A problem found while starting that stops the process, with a message a person can act on; <see cref="VibeHost.RunAsync"/>
/// reports it in one line ("Vibe cannot start: ...") and exits with code 1 instead of printing a stack trace.
/// </summary>
public sealed class VibeStartupException(string message, Exception? innerException = null) : Exception(message, innerException);
