namespace Vibe.Docker.Runtime;

/// <summary>What a workspace container may reach over the network.</summary>
public enum ContainerNetworkPolicy
{
    /// <summary>No network at all: only the loopback interface (<c>NetworkMode none</c>).</summary>
    None,

    /// <summary>An internal bridge network of the container's own: no route out; the host reaches in (the preview proxy), nothing else does.</summary>
    Internal,

    /// <summary>A bridge network of the container's own with a route out: the internet, but not the host, the LAN or other workspaces (see WorkspaceFirewall).</summary>
    Internet,
}
