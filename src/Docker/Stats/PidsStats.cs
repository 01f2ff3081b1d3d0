using System.Text.Json.Serialization;

namespace Vibe.Docker.Stats;

internal sealed class PidsStats
{
    [JsonPropertyName("current")]
    public ulong Current { get; init; }

    [JsonPropertyName("limit")]
    public ulong Limit { get; init; }
}
