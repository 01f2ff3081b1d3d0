namespace Vibe.Grains.Agents;

/// <summary>
/// The provider a run talks to, resolved by the web front (installation configuration, overridden per team) and handed to the
/// run in memory only: the key is never persisted in grain state, logged or sent to a browser.
/// </summary>
/// <param name="Endpoint">The API base address; null for the provider's default.</param>
/// <param name="Trust">Which addresses the client may connect to; public ones only unless the web front says otherwise.</param>
public sealed record AgentProviderSettings(
    AgentProviderKind Kind, Uri? Endpoint, string ApiKey, string Model, int MaxOutputTokens, AgentEndpointTrust Trust = AgentEndpointTrust.PublicOnly)
{
    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"{Kind} {Model} at {Endpoint?.ToString() ?? "(default endpoint)"}";
}
