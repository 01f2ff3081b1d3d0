namespace Vibe.Grains.Agents.Models;

/// <summary>The last event of an answer: why the model stopped (see <see cref="AgentStopReasons"/>; other provider reasons pass through).</summary>
public sealed record AgentModelStop(string Reason) : AgentModelEvent;
