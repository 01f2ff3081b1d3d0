using Docker.DotNet.Models;
using Vibe.Docker.Runtime;

namespace Vibe.Docker.Stats;

/// <summary>Turns a raw stats sample into <see cref="ContainerStats"/> with the docker CLI's formulas.</summary>
internal static class StatsCalculator
{
    public static ContainerStats Calculate(ContainerStatsResponse sample)
    {
        var cpu = sample.CPUStats;
        var preCpu = sample.PreCPUStats;
        var onlineCpus = cpu?.OnlineCPUs ?? 0;
        if (onlineCpus == 0)
        {
            onlineCpus = (uint)(cpu?.CPUUsage?.PercpuUsage?.Count ?? 0);
        }

        var cpuPercent = 0.0;
        if (cpu?.CPUUsage is { } usage && preCpu?.CPUUsage is { } preUsage)
        {
            var cpuDelta = (double)usage.TotalUsage - preUsage.TotalUsage;
            var systemDelta = (double)(cpu.SystemUsage ?? 0) - (preCpu.SystemUsage ?? 0);
            if (cpuDelta > 0 && systemDelta > 0)
            {
                cpuPercent = cpuDelta / systemDelta * onlineCpus * 100.0;
            }
        }

        ulong networkRx = 0, networkTx = 0;
        if (sample.Networks is { } networks)
        {
            foreach (var network in networks.Values)
            {
                networkRx += network.RxBytes;
                networkTx += network.TxBytes;
            }
        }

        ulong blockRead = 0, blockWrite = 0;
        if (sample.BlkioStats?.IoServiceBytesRecursive is { } entries)
        {
            foreach (var entry in entries)
            {
                if (string.Equals(entry.Op, "read", StringComparison.OrdinalIgnoreCase))
                {
                    blockRead += entry.Value;
                }
                else if (string.Equals(entry.Op, "write", StringComparison.OrdinalIgnoreCase))
                {
                    blockWrite += entry.Value;
                }
            }
        }

        return new ContainerStats(
            EngineTime.FromDateTime(sample.Read),
            cpuPercent,
            onlineCpus,
            MemoryUsed(sample.MemoryStats),
            sample.MemoryStats?.Limit ?? 0,
            networkRx,
            networkTx,
            blockRead,
            blockWrite,
            sample.PidsStats?.Current ?? 0);
    }

    /// <summary>Usage minus the reclaimable file cache, as <c>docker stats</c> reports it (cgroup v1 key first, then v2).</summary>
    internal static ulong MemoryUsed(MemoryStats? memory)
    {
        if (memory?.Usage is not { } usage)
        {
            return 0;
        }

        if (memory.Stats is { } stats)
        {
            if (stats.TryGetValue("total_inactive_file", out var v1) && v1 < usage)
            {
                return usage - v1;
            }

            if (stats.TryGetValue("inactive_file", out var v2) && v2 < usage)
            {
                return usage - v2;
            }
        }

        return usage;
    }
}
