namespace Vibe.Grains.Interfaces.Agents;

/// <summary>
/// The provider a run talks to, resolved by the web front (installation configuration, overridden per team) and handed to the
/// run in memory only: the key is never persisted in grain state, logged or sent to a browser.
/// </summary>
/// <param name="Endpoint">The API base address; null for the provider's default.</param>
/// <param name="Trust">Which addresses the client may connect to; public ones only unless the web front says otherwise.</param>
[GenerateSerializer, Alias("Vibe.AgentProviderSettings")]
public sealed record AgentProviderSettings(
    [Id(0)] AgentProviderKind Kind, [Id(1)] Uri? Endpoint, [Id(2)] string ApiKey, [Id(3)] string Model, [Id(4)] int MaxOutputTokens,
    [Id(5)] AgentEndpointTrust Trust = AgentEndpointTrust.PublicOnly)
{
    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"{Kind} {Model} at {Endpoint?.ToString() ?? "(default endpoint)"}";
}
