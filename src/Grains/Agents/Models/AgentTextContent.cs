namespace Vibe.Grains.Agents.Models;

/// <summary>Plain text in a message.</summary>
public sealed record AgentTextContent(string Text) : AgentContent;
