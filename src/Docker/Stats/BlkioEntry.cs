using System.Text.Json.Serialization;

namespace Vibe.Docker.Stats;

internal sealed class BlkioEntry
{
    /// <summary><c>Read</c>/<c>Write</c> (cgroup v1) or <c>read</c>/<c>write</c> (v2).</summary>
    [JsonPropertyName("op")]
    public string? Op { get; init; }

    [JsonPropertyName("value")]
    public ulong Value { get; init; }
}
