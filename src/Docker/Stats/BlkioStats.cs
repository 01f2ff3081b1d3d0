using System.Text.Json.Serialization;

namespace Vibe.Docker.Stats;

internal sealed class BlkioStats
{
    [JsonPropertyName("io_service_bytes_recursive")]
    public List<BlkioEntry>? IoServiceBytesRecursive { get; init; }
}
