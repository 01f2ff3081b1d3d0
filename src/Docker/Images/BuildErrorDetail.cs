using System.Text.Json.Serialization;

namespace Vibe.Docker.Images;

internal sealed class BuildErrorDetail
{
    [JsonPropertyName("code")]
    public int? Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
