namespace Vibe.Docker.Containers;

/// <summary>A container's addresses and published ports.</summary>
public sealed class NetworkSettings
{
    public string? IPAddress { get; init; }

    /// <summary>Container port (<c>"8080/tcp"</c>) to the host addresses it is published on (null when not published).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PortBinding>?>? Ports { get; init; }

    /// <summary>Network name to the container's endpoint in it.</summary>
    public IReadOnlyDictionary<string, EndpointSettings>? Networks { get; init; }
}
