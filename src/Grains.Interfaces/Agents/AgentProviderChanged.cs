namespace Vibe.Grains.Interfaces.Agents;

/// <summary>
/// The AI provider a workspace's agent uses may have changed (its team's was set or removed, or the workspace moved to another
/// team): open agent panels read it again. Published on <see cref="AgentStreams.ProviderChanges"/>; it carries no settings.
/// </summary>
[GenerateSerializer, Alias("Vibe.AgentProviderChanged")]
public sealed record AgentProviderChanged([Id(0)] string WorkspaceId);
