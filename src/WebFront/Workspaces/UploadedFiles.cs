namespace Vibe.WebFront.Workspaces;

/// <summary>The answer to <c>POST /api/v1/workspaces/{id}/files/upload</c>: the paths written, relative to /workspace, in the order they were sent.</summary>
internal sealed record UploadedFiles(IReadOnlyList<string> Paths);
