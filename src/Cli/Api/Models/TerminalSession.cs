namespace Vibe.Cli.Api.Models;

/// <summary>A terminal session of a workspace (hub <c>OpenTerminal</c>).</summary>
internal sealed record TerminalSession(string WorkspaceId, string SessionId, string Status, int Columns, int Rows, int? ExitCode);
