using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Workspaces;

/// <summary>The body of <c>GET /api/v1/workspaces/{id}/stats</c>: one fresh sample of a running workspace.</summary>
/// <param name="CpuPercent">100 is one full CPU.</param>
internal sealed record WorkspaceResourceUsage(
    double CpuPercent,
    long MemoryBytes,
    long MemoryLimitBytes,
    long NetworkRxBytes,
    long NetworkTxBytes,
    long BlockReadBytes,
    long BlockWriteBytes,
    long Pids)
{
    public static WorkspaceResourceUsage From(WorkspaceStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return new(
            stats.CpuPercent,
            Clamp(stats.MemoryUsedBytes),
            Clamp(stats.MemoryLimitBytes),
            Clamp(stats.NetworkRxBytes),
            Clamp(stats.NetworkTxBytes),
            Clamp(stats.BlockReadBytes),
            Clamp(stats.BlockWriteBytes),
            Clamp(stats.Pids));
    }

    /// <summary>The API's numbers are signed 64-bit; the engine's counters never reach 2^63 in practice.</summary>
    internal static long Clamp(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;
}
