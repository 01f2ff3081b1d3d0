using Vibe.Grains.Interfaces.Agents;

namespace Vibe.WebFront.Agents;

/// <summary>The provider a workspace's agent uses, where it came from, or why there is none.</summary>
/// <param name="Settings">The provider with its key; null when none is usable.</param>
/// <param name="Source">"team" or "installation" (see <see cref="AgentProviderSources"/>); null with no settings.</param>
/// <param name="Help">Without settings: what to configure, naming the settings (for the installation admin; never contains a key).</param>
/// <param name="PublicHelp">Without settings: the same in words for everyone else, naming no settings.</param>
public sealed record AgentProviderResolution(AgentProviderSettings? Settings, string? Source, string? Help, string? PublicHelp)
{
    /// <summary>Whether an agent can run.</summary>
    public bool IsConfigured => Settings is not null;

    /// <summary>The help a user may read: configuration keys only for an installation admin (<see cref="Accounts.AccountStore.IsEnabledAdminAsync"/>).</summary>
    public string? HelpFor(bool installationAdmin) => installationAdmin ? Help : PublicHelp;

    /// <summary>The panel's view for a user: everything but the key.</summary>
    public AgentStatus ToStatus(bool installationAdmin) => new(IsConfigured, Settings?.Kind, Settings?.Model, Source, HelpFor(installationAdmin));
}
