using Vibe.Grains.Interfaces.Agents;

namespace Vibe.WebFront.Agents;

/// <summary>A team's AI provider override as the API shows it: everything but the key, which is write-only.</summary>
/// <param name="HasApiKey">Whether a key is stored (its value is never returned).</param>
public sealed record TeamAgentProvider(
    Guid TeamId,
    AgentProviderKind Kind,
    Uri? Endpoint,
    string Model,
    int MaxOutputTokens,
    bool HasApiKey,
    Guid UpdatedBy,
    DateTimeOffset UpdatedAt);
