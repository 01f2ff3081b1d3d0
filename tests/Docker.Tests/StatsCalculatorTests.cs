using System.Text.Json;
using Vibe.Docker.Serialization;
using Vibe.Docker.Stats;

namespace Vibe.Docker.Tests;

public sealed class StatsCalculatorTests
{
    // A cgroup v1 sample as dockerd 20.10 sends it (trimmed).
    private const string CgroupV1Sample = """
        {"read":"2026-11-22T01:55:50.122706899Z","pids_stats":{"current":3},
         "blkio_stats":{"io_service_bytes_recursive":[{"major":8,"minor":0,"op":"Read","value":4096},{"major":8,"minor":0,"op":"Write","value":8192},{"major":8,"minor":0,"op":"Total","value":12288}]},
         "cpu_stats":{"cpu_usage":{"total_usage":2000000000,"percpu_usage":[1,1]},"system_cpu_usage":20000000000,"online_cpus":2},
         "precpu_stats":{"cpu_usage":{"total_usage":1000000000,"percpu_usage":[1,1]},"system_cpu_usage":10000000000,"online_cpus":2},
         "memory_stats":{"usage":10485760,"limit":67108864,"stats":{"cache":4194304,"total_inactive_file":2097152,"rss":6291456}},
         "networks":{"eth0":{"rx_bytes":100,"tx_bytes":50},"eth1":{"rx_bytes":1,"tx_bytes":2}}}
        """;

    [Fact]
    public void Cpu_percent_is_cpu_delta_over_system_delta_times_online_cpus()
    {
        var stats = StatsCalculator.Calculate(JsonSerializer.Deserialize(CgroupV1Sample, DockerJsonContext.Default.StatsResponse)!);

        // (1e9 / 1e10) * 2 CPUs * 100
        Assert.Equal(20.0, stats.CpuPercent, precision: 6);
        Assert.Equal(2u, stats.OnlineCpus);
    }

    [Fact]
    public void Memory_used_excludes_inactive_file_cache_and_the_rest_is_summed()
    {
        var stats = StatsCalculator.Calculate(JsonSerializer.Deserialize(CgroupV1Sample, DockerJsonContext.Default.StatsResponse)!);

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
        const string stopped = """{"read":"0001-01-01T00:00:00Z","pids_stats":{},"blkio_stats":{"io_service_bytes_recursive":null},"cpu_stats":{"cpu_usage":{"total_usage":0},"throttling_data":{}},"precpu_stats":{"cpu_usage":{"total_usage":0},"throttling_data":{}},"memory_stats":{}}""";

        var stats = StatsCalculator.Calculate(JsonSerializer.Deserialize(stopped, DockerJsonContext.Default.StatsResponse)!);

        Assert.Equal(0, stats.CpuPercent);
        Assert.Equal(0ul, stats.MemoryUsedBytes);
    }
}
