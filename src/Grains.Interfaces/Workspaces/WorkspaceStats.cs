namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>A running workspace's resource use at one moment.</summary>
/// <param name="CpuPercent">100 is one full CPU.</param>
[GenerateSerializer, Alias("Vibe.WorkspaceStats")]
public sealed record WorkspaceStats(
    [Id(0)] DateTimeOffset Read,
    [Id(1)] double CpuPercent,
    [Id(2)] ulong MemoryUsedBytes,
    [Id(3)] ulong MemoryLimitBytes,
    [Id(4)] ulong Pids,
    [Id(5)] ulong NetworkRxBytes,
    [Id(6)] ulong NetworkTxBytes,
    [Id(7)] ulong BlockReadBytes,
    [Id(8)] ulong BlockWriteBytes);
