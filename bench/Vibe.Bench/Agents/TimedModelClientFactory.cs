using Vibe.Grains.Agents;
using Vibe.Grains.Agents.Models;

namespace Vibe.Bench.Agents;

/// <summary>Wraps the real model client factory so every client it makes times the steps of its run on <see cref="StepClock"/>.</summary>
internal sealed class TimedModelClientFactory(IAgentModelClientFactory inner, StepClock clock) : IAgentModelClientFactory
{
    public IAgentModelClient Create(AgentProviderSettings settings) => new TimedModelClient(inner.Create(settings), clock);
}
