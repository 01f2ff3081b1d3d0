using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using Vibe.Grains.Interfaces.Agents;

namespace Vibe.Grains.Agents.Models;

/// <summary>
/// Makes a client per provider kind. Runs share pooled HTTP clients, one per <see cref="AgentEndpointTrust"/>: the
/// installation's provider connects anywhere; team-set endpoints only to public addresses (checked by
/// <see cref="ProviderConnectionGuard"/> at connect time), except the host and port of an endpoint the admin allowed.
/// </summary>
internal sealed class AgentModelClientFactory : IAgentModelClientFactory, IDisposable
{
    private readonly AgentModelOptions _options;
    private readonly HttpClient _anyAddress;
    private readonly HttpClient _publicOnly;
    private readonly ConcurrentDictionary<(string Host, int Port), HttpClient> _allowedEndpoints = new();

    public AgentModelClientFactory(IOptions<AgentModelOptions> options)
    {
        _options = options.Value;
        _anyAddress = CreateHttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        _publicOnly = CreateGuardedHttpClient(allowedEndpoint: null);
    }

    public IAgentModelClient Create(AgentProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.Model))
        {
            throw new ArgumentException("The AI provider settings name no model.", nameof(settings));
        }

        var httpClient = HttpClientFor(settings);
        return settings.Kind switch
        {
            AgentProviderKind.Anthropic => new AnthropicModelClient(settings, httpClient, _options),
            AgentProviderKind.OpenAI => new OpenAIModelClient(settings, httpClient, _options),
            _ => throw new ArgumentException($"Unknown AI provider kind {settings.Kind}.", nameof(settings)),
        };
    }

    public void Dispose()
    {
        _anyAddress.Dispose();
        _publicOnly.Dispose();
        foreach (var client in _allowedEndpoints.Values)
        {
            client.Dispose();
        }
    }

    private HttpClient HttpClientFor(AgentProviderSettings settings) => settings.Trust switch
    {
        AgentEndpointTrust.Any => _anyAddress,
        AgentEndpointTrust.AllowedEndpoint when settings.Endpoint is { } endpoint =>
            _allowedEndpoints.GetOrAdd((endpoint.IdnHost.ToLowerInvariant(), endpoint.Port), key => CreateGuardedHttpClient(new DnsEndPoint(key.Host, key.Port))),
        _ => _publicOnly,
    };

    private HttpClient CreateGuardedHttpClient(DnsEndPoint? allowedEndpoint) => CreateHttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),

        // A proxy would make the connection on our behalf, past the address check.
        UseProxy = false,
        ConnectCallback = new ProviderConnectionGuard(_options.ResolveHost, allowedEndpoint).ConnectAsync,
    });

    // Streams can last minutes: the SDKs enforce AgentModelOptions.RequestTimeout, not HttpClient.Timeout.
    private static HttpClient CreateHttpClient(SocketsHttpHandler handler) => new(handler) { Timeout = Timeout.InfiniteTimeSpan };
}
