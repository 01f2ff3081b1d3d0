namespace Vibe.Docker.Networks;

/// <summary>A container attached to an inspected network.</summary>
public sealed class NetworkContainer
{
    public string? Name { get; init; }

    public string? EndpointID { get; init; }

    public string? IPv4Address { get; init; }
}
