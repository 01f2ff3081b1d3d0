namespace Vibe.Docker.Daemon;

/// <summary>The answer of <c>GET /version</c>.</summary>
public sealed class DockerVersion
{
    public string Version { get; init; } = "";

    public string ApiVersion { get; init; } = "";

    public string? MinAPIVersion { get; init; }

    public string? GitCommit { get; init; }

    public string? GoVersion { get; init; }

    public string? Os { get; init; }

    public string? Arch { get; init; }

    public string? KernelVersion { get; init; }
}
