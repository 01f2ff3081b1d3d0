namespace Vibe.Cli;

/// <summary>A failure the user can act on: its message says what went wrong and what to do; it ends the command with <see cref="ExitCode"/>, without a stack trace.</summary>
internal class CliException(string message, int exitCode = ExitCodes.Failure, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
