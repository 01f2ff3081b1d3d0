namespace Vibe.Grains.Workspaces;

/// <summary>A workspace as its grain knows it.</summary>
/// <param name="ContainerId">The Docker container, when one exists.</param>
/// <param name="StatusChangedAt">When <paramref name="Status"/> was entered.</param>
/// <param name="LastActivityAt">The last start, file operation, command or touch; idle auto-stop counts from here.</param>
/// <param name="LastError">Why the workspace is <see cref="WorkspaceStatus.Failed"/> (or the last transition failed).</param>
/// <param name="ExitCode">The container's exit code after it stopped or died.</param>
/// <param name="OomKilled">The kernel killed a process of the current run for exceeding the memory limit.</param>
public sealed record WorkspaceInfo(
    string Id,
    string Owner,
    string Name,
    string Template,
    WorkspaceStatus Status,
    string? ContainerId,
    WorkspaceLimits Limits,
    WorkspaceNetworkPolicy Network,
    DateTimeOffset CreatedAt,
    DateTimeOffset StatusChangedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StoppedAt,
    DateTimeOffset LastActivityAt,
    string? LastError,
    int? ExitCode,
    bool OomKilled,
    DateTimeOffset? LastOomAt);
