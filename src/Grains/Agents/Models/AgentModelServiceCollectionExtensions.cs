using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Vibe.Grains.Agents.Models;

/// <summary>Registers the AI provider clients.</summary>
public static class AgentModelServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IAgentModelClientFactory"/> (Anthropic and OpenAI-compatible clients) and <see cref="AgentModelOptions"/>.</summary>
    public static IServiceCollection AddAgentModels(this IServiceCollection services, Action<AgentModelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<AgentModelOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options
            .Validate(o => o.MaxRetries is >= 0 and <= 10, "AgentModelOptions.MaxRetries must be between 0 and 10.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero, "AgentModelOptions.RequestTimeout must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<IAgentModelClientFactory, AgentModelClientFactory>();
        return services;
    }
}
