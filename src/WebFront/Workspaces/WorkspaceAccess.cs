using Vibe.Grains.Workspaces;
using Vibe.WebFront.Teams;

namespace Vibe.WebFront.Workspaces;

/// <summary>
/// <see cref="IWorkspaceAccess"/> from the workspace index: one query that reads the workspace's row and, for a team's
/// workspace, the caller's membership. The installation admin gets no special access: personal workspaces are private.
/// </summary>
internal sealed class WorkspaceAccess(WorkspaceIndex index) : IWorkspaceAccess
{
    public async Task<WorkspacePermission> GetPermissionAsync(Guid userId, string workspaceId, CancellationToken cancellationToken = default) =>
        (await FindAsync(userId, workspaceId, cancellationToken))?.Permission ?? WorkspacePermission.None;

    public async Task<WorkspaceIndexEntry?> FindAsync(Guid userId, string workspaceId, CancellationToken cancellationToken = default)
    {
        if (!WorkspaceIds.IsValid(workspaceId))
        {
            return null;
        }

        var entry = await index.FindAsync(userId, workspaceId, cancellationToken);
        return entry is null || entry.Permission == WorkspacePermission.None ? null : entry;
    }

    /// <summary>What a team role may do in the team's workspaces (the same mapping as the index's SQL).</summary>
    public static WorkspacePermission PermissionOf(TeamRole role) => role switch
    {
        TeamRole.Owner or TeamRole.Admin => WorkspacePermission.Admin,
        TeamRole.Member => WorkspacePermission.Write,
        TeamRole.Viewer => WorkspacePermission.Read,
        _ => WorkspacePermission.None,
    };
}
