using System.Text.Json.Serialization;

namespace Vibe.Docker.Stats;

internal sealed class CpuStats
{
    [JsonPropertyName("cpu_usage")]
    public CpuUsage? CpuUsage { get; init; }

    /// <summary>Host CPU time in nanoseconds, summed over all CPUs.</summary>
    [JsonPropertyName("system_cpu_usage")]
    public ulong SystemCpuUsage { get; init; }

    [JsonPropertyName("online_cpus")]
    public uint OnlineCpus { get; init; }
}
