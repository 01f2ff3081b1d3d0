using System.Text.Json.Serialization;

namespace Vibe.Docker.Exec;

/// <summary>The process an exec instance runs, as inspect reports it.</summary>
public sealed class ExecProcessConfig
{
    [JsonPropertyName("tty")]
    public bool Tty { get; init; }

    [JsonPropertyName("entrypoint")]
    public string? Entrypoint { get; init; }

    [JsonPropertyName("arguments")]
    public IReadOnlyList<string>? Arguments { get; init; }

    [JsonPropertyName("user")]
    public string? User { get; init; }

    [JsonPropertyName("privileged")]
    public bool Privileged { get; init; }
}
