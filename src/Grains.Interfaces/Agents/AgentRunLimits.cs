namespace Vibe.Grains.Agents;

/// <summary>The bounds of one run: model requests (steps), tokens (input + output over the run) and wall time.</summary>
public sealed record AgentRunLimits(int MaxSteps, long MaxTokens, TimeSpan MaxDuration);
