using System.Text.Json.Serialization;

namespace Vibe.Docker.Stats;

internal sealed class CpuUsage
{
    /// <summary>The container's CPU time in nanoseconds.</summary>
    [JsonPropertyName("total_usage")]
    public ulong TotalUsage { get; init; }

    /// <summary>Per-CPU time (cgroup v1 only); its length is the CPU count when online_cpus is missing.</summary>
    [JsonPropertyName("percpu_usage")]
    public List<ulong>? PercpuUsage { get; init; }
}
