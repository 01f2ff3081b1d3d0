namespace Vibe.Docker.Runtime;

/// <summary>What a workspace container may reach over the network.</summary>
public enum ContainerNetworkPolicy
{
    /// <summary>No network at all: only the loopback interface (<c>NetworkMode none</c>).</summary>
    None,

    /// <summary>An internal bridge network shared with the preview proxy: containers reach each other, not the internet.</summary>
    Internal,

    /// <summary>Docker's default bridge: the internet is reachable.</summary>
    Internet,
}
