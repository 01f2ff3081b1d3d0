namespace Vibe.WebFront.Agents;

/// <summary>The body of <c>PUT /api/v1/teams/{teamId}/agent-provider</c>.</summary>
/// <param name="Kind">"anthropic" or "openai" (any OpenAI-compatible endpoint).</param>
/// <param name="Endpoint">The API base address; omit for the provider's default.</param>
/// <param name="ApiKey">The key; omit (null) to keep the stored one (dropped when the kind or endpoint changes), "" to remove it.</param>
/// <param name="Model">The model name the provider knows.</param>
/// <param name="MaxOutputTokens">The most tokens one answer may have; omit for the installation's value.</param>
public sealed record SetTeamAgentProviderRequest(string? Kind, string? Endpoint, string? ApiKey, string? Model, int? MaxOutputTokens);
