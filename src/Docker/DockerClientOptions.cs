namespace Vibe.Docker;

/// <summary>How to reach the Docker daemon.</summary>
public sealed class DockerClientOptions
{
    /// <summary>A DOCKER_HOST value (<c>unix:///var/run/docker.sock</c>, <c>tcp://host:2375</c>); null reads DOCKER_HOST, then the default socket.</summary>
    public string? Host { get; set; }

    /// <summary>The Engine API version every path is pinned to; 1.41 is Docker 20.10's (Debian bookworm's docker.io).</summary>
    public string ApiVersion { get; set; } = "1.41";
}
