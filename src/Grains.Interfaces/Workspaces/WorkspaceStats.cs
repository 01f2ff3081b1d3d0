namespace Vibe.Grains.Workspaces;

/// <summary>A running workspace's resource use at one moment.</summary>
/// <param name="CpuPercent">100 is one full CPU.</param>
public sealed record WorkspaceStats(
    DateTimeOffset Read,
    double CpuPercent,
    ulong MemoryUsedBytes,
    ulong MemoryLimitBytes,
    ulong Pids,
    ulong NetworkRxBytes,
    ulong NetworkTxBytes,
    ulong BlockReadBytes,
    ulong BlockWriteBytes);
