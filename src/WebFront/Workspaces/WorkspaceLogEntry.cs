using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Workspaces;

/// <summary>One line of <c>GET /api/v1/workspaces/{id}/logs</c>.</summary>
internal sealed record WorkspaceLogEntry(WorkspaceLogStream Stream, string Text, DateTimeOffset? Timestamp);
