namespace Vibe.Grains.Interfaces.Agents;

/// <summary>The agent's streams, keyed by the workspace id.</summary>
public static class AgentStreams
{
    /// <summary><see cref="AgentRunEvent"/>s of every run of the workspace.</summary>
    public const string Events = "agent-events";

    /// <summary><see cref="AgentProviderChanged"/>: the provider the workspace's agent uses may have changed.</summary>
    public const string ProviderChanges = "agent-provider-changes";
}
