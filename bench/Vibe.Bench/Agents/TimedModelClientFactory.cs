using Vibe.Grains.Agents.Models;
using Vibe.Grains.Interfaces.Agents;

namespace Vibe.Bench.Agents;

/// <summary>Wraps the real model client factory so every client it makes times the steps of its run on <see cref="StepClock"/>.</summary>
internal sealed class TimedModelClientFactory(IAgentModelClientFactory inner, StepClock clock) : IAgentModelClientFactory
{
    public IAgentModelClient Create(AgentProviderSettings settings) => new TimedModelClient(inner.Create(settings), clock);
}
