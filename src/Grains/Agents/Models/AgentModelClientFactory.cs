using Microsoft.Extensions.Options;
using Vibe.Grains.Agents;

namespace Vibe.Grains.Agents.Models;

/// <summary>Makes a client per provider kind; all share one pooled HTTP client so runs reuse connections.</summary>
internal sealed class AgentModelClientFactory(IOptions<AgentModelOptions> options) : IAgentModelClientFactory, IDisposable
{
    // Streams can last minutes: the SDKs enforce AgentModelOptions.RequestTimeout, not HttpClient.Timeout.
    private readonly HttpClient _httpClient = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public IAgentModelClient Create(AgentProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.Model))
        {
            throw new ArgumentException("The AI provider settings name no model.", nameof(settings));
        }

        return settings.Kind switch
        {
            AgentProviderKind.Anthropic => new AnthropicModelClient(settings, _httpClient, options.Value),
            AgentProviderKind.OpenAI => new OpenAIModelClient(settings, _httpClient, options.Value),
            _ => throw new ArgumentException($"Unknown AI provider kind {settings.Kind}.", nameof(settings)),
        };
    }

    public void Dispose() => _httpClient.Dispose();
}
