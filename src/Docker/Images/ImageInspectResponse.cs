using Vibe.Docker.Containers;

namespace Vibe.Docker.Images;

/// <summary>The answer of <c>GET /images/{name}/json</c> (the parts Vibe uses).</summary>
public sealed class ImageInspectResponse
{
    public string Id { get; init; } = "";

    public IReadOnlyList<string>? RepoTags { get; init; }

    public DateTimeOffset Created { get; init; }

    public long Size { get; init; }

    public string? Os { get; init; }

    public string? Architecture { get; init; }

    /// <summary>The defaults a container of this image gets: user, env, cmd, working dir, exposed ports, labels.</summary>
    public ContainerConfig? Config { get; init; }
}
