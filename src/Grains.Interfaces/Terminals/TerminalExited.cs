namespace Vibe.Grains.Workspaces;

/// <summary>
/// The event of the <see cref="WorkspaceStreams.TerminalEvents"/> stream: the session's shell has ended, and every
/// <see cref="TerminalOutput"/> of the session has been delivered before it.
/// </summary>
/// <param name="ExitCode">The shell's exit code (128 + n when signal n ended it); null when the engine could not tell.</param>
public sealed record TerminalExited(string WorkspaceId, string SessionId, int? ExitCode);
