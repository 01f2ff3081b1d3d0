namespace Vibe.Grains.Interfaces.Agents;

/// <summary>What a user or team spends on the AI agent: runs going now (reservations included) and tokens used by runs started today (UTC).</summary>
[GenerateSerializer, Alias("Vibe.AgentSpendUsage")]
public sealed record AgentSpendUsage([Id(0)] int ActiveRuns, [Id(1)] long TokensToday);
