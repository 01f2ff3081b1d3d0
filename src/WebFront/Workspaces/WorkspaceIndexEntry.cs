using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Workspaces;

/// <summary>A row of the workspace index (table <c>workspaces</c>) with the permission of the user it was read for.</summary>
/// <param name="StatusChangedAt">When the grain entered <paramref name="Status"/>; older reports never overwrite newer ones.</param>
/// <param name="CpuPercent">The last resource sample while it runs; null otherwise.</param>
internal sealed record WorkspaceIndexEntry(
    string Id,
    string Name,
    Guid OwnerId,
    Guid? TeamId,
    string Template,
    WorkspaceNetworkPolicy Network,
    WorkspaceLimits Limits,
    WorkspaceStatus Status,
    DateTimeOffset StatusChangedAt,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastActivityAt,
    double? CpuPercent,
    long? MemoryBytes,
    WorkspacePermission Permission)
{
    /// <summary>The owner's id as the caller may see it.</summary>
    private Guid? VisibleOwnerId => SeesOwner(Permission) ? OwnerId : null;

    /// <summary>Whether someone with <paramref name="permission"/> learns who owns the workspace: viewers (Read) of a team's workspace do not.</summary>
    public static bool SeesOwner(WorkspacePermission permission) => permission >= WorkspacePermission.Write;

    /// <summary>The details as the index alone knows them: for a workspace whose grain never heard of it (its creation was cut short).</summary>
    public WorkspaceDetails ToDetails() => new(
        Id, Name, Template, Status, VisibleOwnerId, TeamId, Permission, CpuPercent, MemoryBytes, Limits.MemoryBytes, CreatedAt, LastActivityAt,
        WorkspaceResourceLimits.From(Limits), Network, null, Error);

    /// <summary>The details, with the grain's current view of status and settings over the index's.</summary>
    public WorkspaceDetails ToDetails(WorkspaceInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var running = info.Status == WorkspaceStatus.Running;
        return new(
            Id,
            info.Name,
            info.Template,
            info.Status,
            VisibleOwnerId,
            TeamId,
            Permission,
            running ? CpuPercent : null,
            running ? MemoryBytes : null,
            info.Limits.MemoryBytes,
            CreatedAt,
            info.LastActivityAt,
            WorkspaceResourceLimits.From(info.Limits),
            info.Network,
            Permission >= WorkspacePermission.Write ? info.ContainerId : null, // the engine's id is for those who may act on it
            info.LastError);
    }
}
