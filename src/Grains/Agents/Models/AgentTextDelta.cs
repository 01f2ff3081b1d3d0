namespace Vibe.Grains.Agents.Models;

/// <summary>The next piece of the model's text, as it streams.</summary>
public sealed record AgentTextDelta(string Text) : AgentModelEvent;
