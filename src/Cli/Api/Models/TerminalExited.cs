namespace Vibe.Cli.Api.Models;

/// <summary>The hub's <c>terminalExited</c> event: the session's shell ended with <c>ExitCode</c> (null when the engine could not tell).</summary>
internal sealed record TerminalExited(string WorkspaceId, string SessionId, int? ExitCode);
