using System.Text.Json.Serialization;

namespace Vibe.Docker.Stats;

internal sealed class NetworkInterfaceStats
{
    [JsonPropertyName("rx_bytes")]
    public ulong RxBytes { get; init; }

    [JsonPropertyName("tx_bytes")]
    public ulong TxBytes { get; init; }
}
