using System.Text.Json.Serialization;

namespace Vibe.Docker.Transport;

/// <summary>The daemon's error body: <c>{"message": "..."}</c>.</summary>
internal sealed class ErrorResponse
{
    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
