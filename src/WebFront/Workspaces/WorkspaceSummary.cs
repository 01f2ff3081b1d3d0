using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Workspaces;

/// <summary>One workspace in a listing: the caller's view of it, read from the workspace index in one query.</summary>
/// <param name="Permission">What the caller may do in it.</param>
/// <param name="CpuPercent">The last sample while it runs (100 is one full CPU); null when it is not running or not sampled yet.</param>
/// <param name="MemoryBytes">Memory in use at the last sample; null when it is not running or not sampled yet.</param>
/// <param name="MemoryLimitBytes">Its memory limit.</param>
internal sealed record WorkspaceSummary(
    string Id,
    string Name,
    string Template,
    WorkspaceStatus Status,
    Guid? OwnerId,
    Guid? TeamId,
    WorkspacePermission Permission,
    double? CpuPercent,
    long? MemoryBytes,
    long MemoryLimitBytes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastActivityAt);
