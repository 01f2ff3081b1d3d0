namespace Vibe.WebFront.Workspaces;

/// <summary>The body of <c>PUT /api/v1/workspaces/{id}/team</c>: the team the workspace moves into, or null to make it its owner's alone.</summary>
internal sealed record MoveWorkspaceRequest(Guid? TeamId = null);
