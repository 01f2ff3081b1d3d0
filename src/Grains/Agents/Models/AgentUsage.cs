namespace Vibe.Grains.Agents.Models;

/// <summary>The tokens one model request used (input includes cached input); reported once per request, before the stop.</summary>
public sealed record AgentUsage(long InputTokens, long OutputTokens) : AgentModelEvent;
