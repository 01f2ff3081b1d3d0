namespace Vibe.Grains.Workspaces;

/// <summary>What a workspace's container may reach over the network.</summary>
[GenerateSerializer, Alias("Vibe.WorkspaceNetworkPolicy")]
public enum WorkspaceNetworkPolicy
{
    /// <summary>No network: only loopback (the default).</summary>
    None,

    /// <summary>An internal network that reaches the preview proxy and other workspaces' previews, not the internet.</summary>
    Internal,

    /// <summary>The internet, through Docker's default bridge.</summary>
    Internet,
}
