using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Vibe.Grains.Agents.Models;

namespace Vibe.Grains.Agents;

/// <summary>Registers what the AI agent's grains need: <see cref="AgentOptions"/> from <c>Vibe:Agent</c>, validated at startup, and the provider clients.</summary>
public static class AgentsSiloBuilderExtensions
{
    /// <summary>Adds the agent's options (bound from <c>Vibe:Agent</c>, then <paramref name="configure"/>) and model clients.</summary>
    public static ISiloBuilder AddAgents(this ISiloBuilder silo, Action<AgentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var options = silo.Services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        silo.Services.AddAgentModels();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>());
        return silo;
    }
}
