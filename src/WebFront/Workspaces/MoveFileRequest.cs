namespace Vibe.WebFront.Workspaces;

/// <summary>The body of <c>POST /api/v1/workspaces/{id}/files/move</c>: paths relative to /workspace; the target must not exist.</summary>
internal sealed record MoveFileRequest(string? From, string? To);
