using Vibe.Grains.Interfaces.Agents;

namespace Vibe.WebFront.Agents;

/// <summary>What <c>GET /api/v1/workspaces/{id}/agent</c> tells the agent panel; never the key or the endpoint.</summary>
/// <param name="Configured">Whether the workspace's agent can run.</param>
/// <param name="Provider">The provider's protocol, when configured.</param>
/// <param name="Source">"team" (the team's override) or "installation" (Vibe:Agent:Provider); null when not configured.</param>
/// <param name="Help">When not configured: what to set, and where.</param>
public sealed record AgentStatus(bool Configured, AgentProviderKind? Provider, string? Model, string? Source, string? Help);
