using Vibe.Grains.Interfaces.Agents;

namespace Vibe.Grains.Agents.Models;

/// <summary>Makes the client for one provider configuration; registered by <see cref="AgentModelServiceCollectionExtensions.AddAgentModels"/>.</summary>
public interface IAgentModelClientFactory
{
    /// <summary>A client that talks to <paramref name="settings"/>' provider with its key; cheap, made per run.</summary>
    IAgentModelClient Create(AgentProviderSettings settings);
}
