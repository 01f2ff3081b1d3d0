namespace Vibe.WebFront.Workspaces;

/// <summary>Endpoint metadata: the permission an endpoint of a workspace route group needs (<see cref="WorkspaceAccessFilter"/> checks it).</summary>
internal sealed record RequiredWorkspacePermission(WorkspacePermission Permission);
