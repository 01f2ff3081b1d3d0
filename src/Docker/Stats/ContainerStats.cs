namespace Vibe.Docker.Stats;

/// <summary>A container's resource use at one moment, computed the way <c>docker stats</c> does.</summary>
/// <param name="CpuPercent">CPU use since the previous sample, where 100 is one full CPU (so up to 100 × CPUs).</param>
/// <param name="MemoryUsedBytes">Memory in use, excluding reclaimable page cache (usage minus inactive_file).</param>
/// <param name="MemoryLimitBytes">The container's memory limit, or the host's memory when unlimited.</param>
public sealed record ContainerStats(
    DateTimeOffset Read,
    double CpuPercent,
    uint OnlineCpus,
    ulong MemoryUsedBytes,
    ulong MemoryLimitBytes,
    ulong NetworkRxBytes,
    ulong NetworkTxBytes,
    ulong BlockReadBytes,
    ulong BlockWriteBytes,
    ulong Pids)
{
    /// <summary>Memory used as a percentage of the limit.</summary>
    public double MemoryPercent => MemoryLimitBytes == 0 ? 0 : 100.0 * MemoryUsedBytes / MemoryLimitBytes;
}
