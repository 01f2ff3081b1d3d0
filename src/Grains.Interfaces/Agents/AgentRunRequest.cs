namespace Vibe.Grains.Agents;

/// <summary>What a person asks the agent in a chat thread, and with which provider and limits it runs.</summary>
public sealed record AgentRunRequest(
    string ThreadId,
    string Prompt,
    string UserId,
    string UserName,
    AgentProviderSettings Provider,
    AgentRunLimits Limits);
