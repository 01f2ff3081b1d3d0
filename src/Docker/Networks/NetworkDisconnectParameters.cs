namespace Vibe.Docker.Networks;

internal sealed class NetworkDisconnectParameters
{
    public string Container { get; init; } = "";

    public bool Force { get; init; }
}
