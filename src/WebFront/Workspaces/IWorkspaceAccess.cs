namespace Vibe.WebFront.Workspaces;

/// <summary>
/// Decides what a user may do in a workspace: Admin for the owner of a personal workspace; for a team's workspace,
/// Admin for the team's owners and admins, Write for members, Read for viewers; None for everyone else and for
/// workspaces that do not exist (or are deleted). The one access check of REST (<see cref="WorkspaceAccessFilter"/>, once
/// per request) and the workspace hub alike.
/// </summary>
internal interface IWorkspaceAccess
{
    Task<WorkspacePermission> GetPermissionAsync(Guid userId, string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>The workspace as <paramref name="userId"/> sees it (its index row with their permission), or null when they cannot see it.</summary>
    Task<WorkspaceIndexEntry?> FindAsync(Guid userId, string workspaceId, CancellationToken cancellationToken = default);
}
