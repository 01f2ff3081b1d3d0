namespace Vibe.Docker.Runtime;

/// <summary>What <see cref="IContainerRuntime.CreateAsync"/> needs to create one hardened workspace container.</summary>
public sealed record ContainerSpec
{
    /// <summary>The workspace the container belongs to (label <c>vibe.workspace</c>); not used for a <see cref="WarmPool"/> container.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>The user who owns the workspace (label <c>vibe.owner</c>); not used for a <see cref="WarmPool"/> container.</summary>
    public required string Owner { get; init; }

    /// <summary>
    /// A template name to make a warm-pool container, which belongs to no workspace yet: labelled <c>vibe.pool</c> (with this
    /// value) instead of <c>vibe.workspace</c> and <c>vibe.owner</c>, with the hostname "workspace" and no VIBE_WORKSPACE.
    /// <see cref="IContainerRuntime.AdoptAsync"/> hands it to a workspace later. Hardening and limits are the same as a workspace's.
    /// </summary>
    public string? WarmPool { get; init; }

    /// <summary>The image, as returned by <see cref="IContainerRuntime.EnsureImageAsync"/>.</summary>
    public required string Image { get; init; }

    /// <summary>The container's name; unique on the engine.</summary>
    public required string Name { get; init; }

    public required ContainerLimits Limits { get; init; }

    public ContainerNetworkPolicy Network { get; init; } = ContainerNetworkPolicy.None;

    /// <summary>The absolute host directory bind-mounted at /workspace; created and given to the container's user if needed.</summary>
    public required string WorkspaceDirectory { get; init; }

    /// <summary>The container's main process; null runs one that prints a ready line and sleeps until stopped.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Extra labels; the runtime's own (<c>vibe.*</c>) win over these.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
