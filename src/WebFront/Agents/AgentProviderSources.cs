namespace Vibe.WebFront.Agents;

/// <summary>Where a workspace's provider settings come from, as the API writes it.</summary>
public static class AgentProviderSources
{
    /// <summary>The installation's Vibe:Agent:Provider.</summary>
    public const string Installation = "installation";

    /// <summary>The workspace's team's override.</summary>
    public const string Team = "team";
}
