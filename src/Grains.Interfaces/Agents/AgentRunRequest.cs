namespace Vibe.Grains.Interfaces.Agents;

/// <summary>What a person asks the agent in a chat thread, and with which provider and limits it runs.</summary>
[GenerateSerializer, Alias("Vibe.AgentRunRequest")]
public sealed record AgentRunRequest(
    [Id(0)] string ThreadId,
    [Id(1)] string Prompt,
    [Id(2)] string UserId,
    [Id(3)] string UserName,
    [Id(4)] AgentProviderSettings Provider,
    [Id(5)] AgentRunLimits Limits);
