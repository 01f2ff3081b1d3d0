namespace Vibe.Grains.Agents.Models;

/// <summary>One model request of a run: the system prompt, the conversation so far and the tools the model may call.</summary>
/// <param name="MaxOutputTokens">The most tokens the model may write in this answer.</param>
public sealed record AgentModelRequest(string SystemPrompt, IReadOnlyList<AgentMessage> Messages, IReadOnlyList<AgentToolDefinition> Tools, int MaxOutputTokens);
