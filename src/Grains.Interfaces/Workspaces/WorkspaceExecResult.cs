namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>The outcome of a command run in a workspace.</summary>
/// <param name="ExitCode">-1 when it timed out.</param>
/// <param name="TimedOut">The timeout passed first; the command may still run until it ends or the workspace stops.</param>
[GenerateSerializer, Alias("Vibe.WorkspaceExecResult")]
public sealed record WorkspaceExecResult([Id(0)] int ExitCode, [Id(1)] string Stdout, [Id(2)] string Stderr, [Id(3)] bool TimedOut, [Id(4)] bool Truncated);
