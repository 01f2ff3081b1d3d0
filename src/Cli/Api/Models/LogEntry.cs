namespace Vibe.Cli.Api.Models;

/// <summary>A line the workspace's main process wrote (<c>GET /api/v1/workspaces/{id}/logs</c>; the hub's <c>log</c> event is a <see cref="LogEvent"/>).</summary>
internal sealed record LogEntry(string Stream, string Text, DateTimeOffset? Timestamp);
