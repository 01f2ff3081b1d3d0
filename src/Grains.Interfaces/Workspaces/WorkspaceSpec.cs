namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>What a workspace is created from. Creating again with an equal spec is a no-op; with another one it is an error.</summary>
/// <param name="Owner">The user who owns it; at most <c>MaxRunningWorkspacesPerOwner</c> of an owner's workspaces run at once.</param>
/// <param name="Name">A display name.</param>
/// <param name="Template">The image template: "blank" (built on demand), "node", "python"...</param>
/// <param name="Limits">Resource limits; null takes the silo's defaults.</param>
/// <param name="Network">What the container may reach; none by default.</param>
[GenerateSerializer, Alias("Vibe.WorkspaceSpec")]
public sealed record WorkspaceSpec(
    [Id(0)] string Owner,
    [Id(1)] string Name,
    [Id(2)] string Template = "blank",
    [Id(3)] WorkspaceLimits? Limits = null,
    [Id(4)] WorkspaceNetworkPolicy Network = WorkspaceNetworkPolicy.None);
