using Docker.DotNet.Models;
using Vibe.Docker.Stats;

namespace Vibe.Docker.Tests;

public sealed class StatsCalculatorTests
{
    // A cgroup v1 sample as dockerd 20.10 sends it (trimmed).
    private static ContainerStatsResponse CgroupV1Sample() => new()
    {
        Read = new DateTime(2026, 11, 22, 1, 55, 50, DateTimeKind.Utc),
        PidsStats = new PidsStats { Current = 3 },
        BlkioStats = new BlkioStats
        {
            IoServiceBytesRecursive =
            [
                new BlkioStatEntry { Major = 8, Op = "Read", Value = 4096 },
                new BlkioStatEntry { Major = 8, Op = "Write", Value = 8192 },
                new BlkioStatEntry { Major = 8, Op = "Total", Value = 12288 },
            ],
        },
        CPUStats = new CPUStats { CPUUsage = new CPUUsage { TotalUsage = 2_000_000_000, PercpuUsage = [1, 1] }, SystemUsage = 20_000_000_000, OnlineCPUs = 2 },
        PreCPUStats = new CPUStats { CPUUsage = new CPUUsage { TotalUsage = 1_000_000_000, PercpuUsage = [1, 1] }, SystemUsage = 10_000_000_000, OnlineCPUs = 2 },
        MemoryStats = new MemoryStats
        {
            Usage = 10485760,
            Limit = 67108864,
            Stats = new Dictionary<string, ulong> { ["cache"] = 4194304, ["total_inactive_file"] = 2097152, ["rss"] = 6291456 },
        },
        Networks = new Dictionary<string, NetworkStats>
        {
            ["eth0"] = new NetworkStats { RxBytes = 100, TxBytes = 50 },
            ["eth1"] = new NetworkStats { RxBytes = 1, TxBytes = 2 },
        },
    };

    [Fact]
    public void Cpu_percent_is_cpu_delta_over_system_delta_times_online_cpus()
    {
        var stats = StatsCalculator.Calculate(CgroupV1Sample());

        // (1e9 / 1e10) * 2 CPUs * 100
        Assert.Equal(20.0, stats.CpuPercent, precision: 6);
        Assert.Equal(2u, stats.OnlineCpus);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 1, 55, 50, TimeSpan.Zero), stats.Read);
    }

    [Fact]
    public void Memory_used_excludes_inactive_file_cache_and_the_rest_is_summed()
    {
        var stats = StatsCalculator.Calculate(CgroupV1Sample());

        Assert.Equal(10485760ul - 2097152ul, stats.MemoryUsedBytes);
        Assert.Equal(67108864ul, stats.MemoryLimitBytes);
        Assert.Equal(12.5, stats.MemoryPercent, precision: 6);
        Assert.Equal((101ul, 52ul), (stats.NetworkRxBytes, stats.NetworkTxBytes));
        Assert.Equal((4096ul, 8192ul), (stats.BlockReadBytes, stats.BlockWriteBytes));
        Assert.Equal(3ul, stats.Pids);
    }

    [Fact]
    public void A_stopped_container_sample_yields_zeros_not_errors()
    {
        var stopped = new ContainerStatsResponse { CPUStats = new CPUStats { CPUUsage = new CPUUsage() }, PreCPUStats = new CPUStats { CPUUsage = new CPUUsage() }, MemoryStats = new MemoryStats() };

        var stats = StatsCalculator.Calculate(stopped);

        Assert.Equal((0.0, 0ul, DateTimeOffset.MinValue), (stats.CpuPercent, stats.MemoryUsedBytes, stats.Read));
    }
}
