using Vibe.Docker.Containers;

namespace Vibe.Docker.Networks;

internal sealed class NetworkConnectParameters
{
    public string Container { get; init; } = "";

    public EndpointSettings? EndpointConfig { get; init; }
}
