using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Workspaces;

/// <summary>One entry of <c>GET /api/v1/workspaces/{id}/files</c>.</summary>
/// <param name="Size">Bytes of a file; 0 for the other kinds.</param>
internal sealed record WorkspaceFileItem(string Name, WorkspaceFileKind Kind, long Size, DateTimeOffset Modified);
