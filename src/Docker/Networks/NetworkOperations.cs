using Vibe.Docker.Containers;
using Vibe.Docker.Serialization;
using Vibe.Docker.Transport;

namespace Vibe.Docker.Networks;

/// <summary>User-defined networks (<c>/networks/...</c>).</summary>
public sealed class NetworkOperations
{
    private readonly DockerTransport _transport;

    internal NetworkOperations(DockerTransport transport)
    {
        _transport = transport;
    }

    /// <summary>Creates a network and returns its ID; <see cref="Errors.DockerConflictException"/> when the name exists.</summary>
    public async Task<string> CreateAsync(NetworkCreateParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentException.ThrowIfNullOrWhiteSpace(parameters.Name, nameof(parameters.Name));
        var created = await _transport.SendJsonAsync(
            HttpMethod.Post, new QueryString("/networks/create"), parameters, DockerJsonContext.Default.NetworkCreateParameters, DockerJsonContext.Default.NetworkCreateResponse, cancellationToken).ConfigureAwait(false);
        return created.Id;
    }

    public async Task RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        await _transport.SendNoContentAsync(HttpMethod.Delete, new QueryString($"/networks/{ContainerOperations.Escape(id)}"), null, cancellationToken).ConfigureAwait(false);
    }

    public Task<NetworkSummary> InspectAsync(string id, CancellationToken cancellationToken = default) =>
        _transport.GetJsonAsync(new QueryString($"/networks/{ContainerOperations.Escape(id)}"), DockerJsonContext.Default.NetworkSummary, cancellationToken);

    public async Task<IReadOnlyList<NetworkSummary>> ListAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryString("/networks").Add("filters", filters?.ToJson());
        return await _transport.GetJsonAsync(query, DockerJsonContext.Default.ListNetworkSummary, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Attaches a container to a network, optionally with DNS aliases.</summary>
    public async Task ConnectAsync(string networkId, string containerId, IReadOnlyList<string>? aliases = null, CancellationToken cancellationToken = default)
    {
        var body = new NetworkConnectParameters
        {
            Container = containerId,
            EndpointConfig = aliases is { Count: > 0 } ? new EndpointSettings { Aliases = [.. aliases] } : null,
        };
        using var content = DockerTransport.JsonContent(body, DockerJsonContext.Default.NetworkConnectParameters);
        await _transport.SendNoContentAsync(HttpMethod.Post, new QueryString($"/networks/{ContainerOperations.Escape(networkId)}/connect"), content, cancellationToken).ConfigureAwait(false);
    }

    public async Task DisconnectAsync(string networkId, string containerId, bool force = false, CancellationToken cancellationToken = default)
    {
        var body = new NetworkDisconnectParameters { Container = containerId, Force = force };
        using var content = DockerTransport.JsonContent(body, DockerJsonContext.Default.NetworkDisconnectParameters);
        await _transport.SendNoContentAsync(HttpMethod.Post, new QueryString($"/networks/{ContainerOperations.Escape(networkId)}/disconnect"), content, cancellationToken).ConfigureAwait(false);
    }
}
