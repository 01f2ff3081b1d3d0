namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>Where the preview proxy sends a workspace's traffic, and which of its ports anyone may open.</summary>
/// <param name="Address">The container's IP address while it runs on a network; null when it is not running or has no network.</param>
/// <param name="PublicPorts">The ports the owner made public, in ascending order.</param>
[GenerateSerializer, Alias("Vibe.WorkspacePreviewTarget")]
public sealed record WorkspacePreviewTarget(
    [Id(0)] WorkspaceStatus Status,
    [Id(1)] string? Address,
    [Id(2)] IReadOnlyList<int> PublicPorts);
