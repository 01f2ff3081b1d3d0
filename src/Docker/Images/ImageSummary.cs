namespace Vibe.Docker.Images;

/// <summary>One entry of <c>GET /images/json</c>.</summary>
public sealed class ImageSummary
{
    /// <summary><c>sha256:...</c></summary>
    public string Id { get; init; } = "";

    public string? ParentId { get; init; }

    public IReadOnlyList<string>? RepoTags { get; init; }

    public IReadOnlyList<string>? RepoDigests { get; init; }

    /// <summary>Creation time in Unix seconds.</summary>
    public long Created { get; init; }

    public long Size { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
