namespace Vibe.Grains.Agents.Models;

/// <summary>One turn of the conversation sent to the model.</summary>
public sealed record AgentMessage(AgentMessageRole Role, IReadOnlyList<AgentContent> Content);
