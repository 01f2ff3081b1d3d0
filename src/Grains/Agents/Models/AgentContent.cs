namespace Vibe.Grains.Agents.Models;

/// <summary>A part of a message: text, a tool call (assistant) or a tool result (user).</summary>
public abstract record AgentContent;
