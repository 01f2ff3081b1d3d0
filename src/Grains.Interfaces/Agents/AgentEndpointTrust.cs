namespace Vibe.Grains.Interfaces.Agents;

/// <summary>Which network addresses a run's provider client may connect to, decided by whoever resolved the settings.</summary>
[GenerateSerializer, Alias("Vibe.AgentEndpointTrust")]
public enum AgentEndpointTrust
{
    /// <summary>
    /// Public addresses only (a team's endpoint): loopback, private, link-local and the host's own addresses are refused,
    /// checked on the resolved address at connect time, redirects included.
    /// </summary>
    PublicOnly = 0,

    /// <summary>
    /// The endpoint's own host and port may be a private address (a team's endpoint the installation admin allowed);
    /// anything else, such as a redirect elsewhere, is public only.
    /// </summary>
    AllowedEndpoint = 1,

    /// <summary>Any address: the installation's own provider (Vibe:Agent:Provider), set by the operator.</summary>
    Any = 2,
}
