namespace Vibe.Grains.Workspaces;

/// <summary>The outcome of a command run in a workspace.</summary>
/// <param name="ExitCode">-1 when it timed out.</param>
/// <param name="TimedOut">The timeout passed first; the command may still run until it ends or the workspace stops.</param>
public sealed record WorkspaceExecResult(int ExitCode, string Stdout, string Stderr, bool TimedOut, bool Truncated);
