namespace Vibe.Cli.Api.Models;

/// <summary>The hub's <c>terminalOutput</c> event: output of a session from <c>Offset</c> on (in UTF-16 characters of its whole output).</summary>
internal sealed record TerminalOutput(string WorkspaceId, string SessionId, long Offset, string Data);
