namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>What a workspace's container may reach over the network.</summary>
[GenerateSerializer, Alias("Vibe.WorkspaceNetworkPolicy")]
public enum WorkspaceNetworkPolicy
{
    /// <summary>No network: only loopback (the default).</summary>
    None,

    /// <summary>An internal network of the workspace's own: the host (the preview proxy) reaches in; nothing is reachable out.</summary>
    Internal,

    /// <summary>The internet, through a bridge network of the workspace's own; never the host, the LAN or other workspaces.</summary>
    Internet,
}
