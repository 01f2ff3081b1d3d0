namespace Vibe.Grains.Interfaces.Agents;

/// <summary>The bounds of one run: model requests (steps), tokens (input + output over the run) and wall time.</summary>
[GenerateSerializer, Alias("Vibe.AgentRunLimits")]
public sealed record AgentRunLimits([Id(0)] int MaxSteps, [Id(1)] long MaxTokens, [Id(2)] TimeSpan MaxDuration);
