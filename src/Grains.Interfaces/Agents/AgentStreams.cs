namespace Vibe.Grains.Agents;

/// <summary>The agent's stream: <see cref="AgentRunEvent"/>s of every run of a workspace, keyed by the workspace id.</summary>
public static class AgentStreams
{
    public const string Events = "agent-events";
}
