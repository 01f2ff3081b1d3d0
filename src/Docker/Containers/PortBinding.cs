namespace Vibe.Docker.Containers;

/// <summary>A host address a container port is published on; an empty HostPort lets the daemon pick one.</summary>
public sealed class PortBinding
{
    public string? HostIp { get; set; }

    public string? HostPort { get; set; }
}
