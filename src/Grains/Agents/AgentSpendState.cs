namespace Vibe.Grains.Agents;

/// <summary>What <see cref="AgentSpendGrain"/> persists: the runs of today and the ones still going from before.</summary>
internal sealed class AgentSpendState
{
    public List<AgentSpendEntry> Runs { get; set; } = [];
}
