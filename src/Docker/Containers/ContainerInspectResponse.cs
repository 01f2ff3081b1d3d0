namespace Vibe.Docker.Containers;

/// <summary>The answer of <c>GET /containers/{id}/json</c> (the parts Vibe uses).</summary>
public sealed class ContainerInspectResponse
{
    public string Id { get; init; } = "";

    /// <summary>The name with its leading slash (<c>/vibe-ws-1</c>).</summary>
    public string Name { get; init; } = "";

    public DateTimeOffset Created { get; init; }

    public string? Path { get; init; }

    public IReadOnlyList<string>? Args { get; init; }

    public ContainerState State { get; init; } = new();

    /// <summary>The image ID (<c>sha256:...</c>).</summary>
    public string? Image { get; init; }

    public int RestartCount { get; init; }

    public ContainerConfig? Config { get; init; }

    public HostConfig? HostConfig { get; init; }

    public NetworkSettings? NetworkSettings { get; init; }

    public IReadOnlyList<MountPoint>? Mounts { get; init; }
}
