namespace Vibe.WebFront.Workspaces;

/// <summary>The body of <c>PATCH /api/v1/workspaces/{id}</c>: what is present changes. Limits change only while the workspace is stopped.</summary>
internal sealed record UpdateWorkspaceRequest(string? Name = null, WorkspaceLimitsRequest? Limits = null);
