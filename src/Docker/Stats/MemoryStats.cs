using System.Text.Json.Serialization;

namespace Vibe.Docker.Stats;

internal sealed class MemoryStats
{
    [JsonPropertyName("usage")]
    public ulong Usage { get; init; }

    [JsonPropertyName("limit")]
    public ulong Limit { get; init; }

    /// <summary>The cgroup's memory.stat (cgroup v1 keys: total_inactive_file, cache...; v2: inactive_file, file...).</summary>
    [JsonPropertyName("stats")]
    public Dictionary<string, ulong>? Stats { get; init; }
}
