namespace Vibe.Docker.Networks;

internal sealed class NetworkCreateResponse
{
    public string Id { get; init; } = "";

    public string? Warning { get; init; }
}
