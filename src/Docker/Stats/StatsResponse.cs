using System.Text.Json.Serialization;

namespace Vibe.Docker.Stats;

/// <summary>One sample of <c>GET /containers/{id}/stats</c>, in the daemon's snake_case. <see cref="ContainerStats"/> is the digested form.</summary>
internal sealed class StatsResponse
{
    [JsonPropertyName("read")]
    public DateTimeOffset Read { get; init; }

    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("pids_stats")]
    public PidsStats? PidsStats { get; init; }

    [JsonPropertyName("cpu_stats")]
    public CpuStats? CpuStats { get; init; }

    [JsonPropertyName("precpu_stats")]
    public CpuStats? PreCpuStats { get; init; }

    [JsonPropertyName("memory_stats")]
    public MemoryStats? MemoryStats { get; init; }

    [JsonPropertyName("blkio_stats")]
    public BlkioStats? BlkioStats { get; init; }

    [JsonPropertyName("networks")]
    public Dictionary<string, NetworkInterfaceStats>? Networks { get; init; }
}
