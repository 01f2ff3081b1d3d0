using System.Text.Json.Serialization;

namespace Vibe.Docker.Images;

/// <summary>One JSON line of the build progress stream.</summary>
internal sealed class BuildMessage
{
    [JsonPropertyName("stream")]
    public string? Stream { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("progress")]
    public string? Progress { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("errorDetail")]
    public BuildErrorDetail? ErrorDetail { get; init; }

    [JsonPropertyName("aux")]
    public BuildAux? Aux { get; init; }
}
