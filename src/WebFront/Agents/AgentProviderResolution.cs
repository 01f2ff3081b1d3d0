using Vibe.Grains.Agents;

namespace Vibe.WebFront.Agents;

/// <summary>The provider a workspace's agent uses, where it came from, or why there is none.</summary>
/// <param name="Settings">The provider with its key; null when none is usable.</param>
/// <param name="Source">"team" or "installation" (see <see cref="AgentProviderSources"/>); null with no settings.</param>
/// <param name="Help">Without settings: what to configure (names the settings, never contains a key).</param>
public sealed record AgentProviderResolution(AgentProviderSettings? Settings, string? Source, string? Help)
{
    /// <summary>Whether an agent can run.</summary>
    public bool IsConfigured => Settings is not null;

    /// <summary>The panel's view: everything but the key.</summary>
    public AgentStatus ToStatus() => new(IsConfigured, Settings?.Kind, Settings?.Model, Source, Help);
}
