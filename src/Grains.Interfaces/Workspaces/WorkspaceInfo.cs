namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>A workspace as its grain knows it.</summary>
/// <param name="ContainerId">The Docker container, when one exists.</param>
/// <param name="StatusChangedAt">When <paramref name="Status"/> was entered.</param>
/// <param name="LastActivityAt">The last start, file operation, command or touch; idle auto-stop counts from here.</param>
/// <param name="LastError">Why the workspace is <see cref="WorkspaceStatus.Failed"/> (or the last transition failed).</param>
/// <param name="ExitCode">The container's exit code after it stopped or died.</param>
/// <param name="OomKilled">The kernel killed a process of the current run for exceeding the memory limit.</param>
[GenerateSerializer, Alias("Vibe.WorkspaceInfo")]
public sealed record WorkspaceInfo(
    [Id(0)] string Id,
    [Id(1)] string Owner,
    [Id(2)] string Name,
    [Id(3)] string Template,
    [Id(4)] WorkspaceStatus Status,
    [Id(5)] string? ContainerId,
    [Id(6)] WorkspaceLimits Limits,
    [Id(7)] WorkspaceNetworkPolicy Network,
    [Id(8)] DateTimeOffset CreatedAt,
    [Id(9)] DateTimeOffset StatusChangedAt,
    [Id(10)] DateTimeOffset? StartedAt,
    [Id(11)] DateTimeOffset? StoppedAt,
    [Id(12)] DateTimeOffset LastActivityAt,
    [Id(13)] string? LastError,
    [Id(14)] int? ExitCode,
    [Id(15)] bool OomKilled,
    [Id(16)] DateTimeOffset? LastOomAt);
