namespace Vibe.Grains.Agents.Models;

/// <summary>Something the model's streamed answer produced.</summary>
public abstract record AgentModelEvent;
