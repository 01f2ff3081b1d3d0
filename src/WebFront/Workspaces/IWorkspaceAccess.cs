namespace Vibe.WebFront.Workspaces;

/// <summary>
/// Decides what a user may do in a workspace: Admin for the owner of a personal workspace; for a team's workspace,
/// Admin for the team's owners and admins, Write for members, Read for viewers; None for everyone else and for
/// workspaces that do not exist (or are deleted). Every REST endpoint and hub method on a workspace asks it.
/// </summary>
public interface IWorkspaceAccess
{
    Task<WorkspacePermission> GetPermissionAsync(Guid userId, string workspaceId, CancellationToken cancellationToken = default);
}
