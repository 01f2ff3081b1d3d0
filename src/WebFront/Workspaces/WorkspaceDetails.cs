using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Workspaces;

/// <summary>One workspace with its settings: the index's view (ownership, the caller's permission, the last resource sample) joined with its grain's.</summary>
/// <param name="Error">Why it failed, when <paramref name="Status"/> is Failed (or the last transition failed).</param>
internal sealed record WorkspaceDetails(
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
    DateTimeOffset? LastActivityAt,
    WorkspaceResourceLimits Limits,
    WorkspaceNetworkPolicy Network,
    string? ContainerId,
    string? Error);
