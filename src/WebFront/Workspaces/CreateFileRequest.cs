using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Workspaces;

/// <summary>The body of <c>POST /api/v1/workspaces/{id}/files</c>: a new empty file or folder at a path relative to /workspace that does not exist yet.</summary>
/// <param name="Kind">File or Directory.</param>
internal sealed record CreateFileRequest(string? Path, WorkspaceFileKind? Kind);
