using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vibe.Docker.Containers;
using Vibe.Docker.Daemon;
using Vibe.Docker.Errors;
using Vibe.Docker.Events;
using Vibe.Docker.Exec;
using Vibe.Docker.Images;
using Vibe.Docker.Networks;
using Vibe.Docker.Serialization;
using Vibe.Docker.Transport;

namespace Vibe.Docker;

/// <summary>
/// A client of the Docker Engine HTTP API (v1.41) over the daemon's unix socket or TCP. Thread-safe; make one per daemon and share it.
/// Every call throws <see cref="DockerUnavailableException"/> when no daemon answers, and <see cref="DockerApiException"/>
/// (<see cref="DockerNotFoundException"/>, <see cref="DockerConflictException"/>) with the daemon's message when it refuses.
/// </summary>
public sealed class DockerClient : IDisposable
{
    private readonly DockerTransport _transport;

    public DockerClient(DockerClientOptions? options = null, ILogger<DockerClient>? logger = null)
        : this(
            options?.Host is { } host ? DockerEndpoint.Parse(host) : DockerEndpoint.FromEnvironment(),
            options?.ApiVersion ?? new DockerClientOptions().ApiVersion,
            logger ?? (ILogger)NullLogger.Instance)
    {
    }

    public DockerClient(DockerEndpoint endpoint, string apiVersion = "1.41", ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _transport = new DockerTransport(endpoint, apiVersion, logger ?? NullLogger.Instance);
        Containers = new ContainerOperations(_transport);
        Images = new ImageOperations(_transport);
        Exec = new ExecOperations(_transport);
        Networks = new NetworkOperations(_transport);
        Events = new EventOperations(_transport);
    }

    /// <summary>A client for DOCKER_HOST, or the default socket when it is unset.</summary>
    public static DockerClient FromEnvironment(ILogger? logger = null) => new(DockerEndpoint.FromEnvironment(), logger: logger);

    public DockerEndpoint Endpoint => _transport.Endpoint;

    public ContainerOperations Containers { get; }

    public ImageOperations Images { get; }

    public ExecOperations Exec { get; }

    public NetworkOperations Networks { get; }

    public EventOperations Events { get; }

    /// <summary>Checks that the daemon answers (<c>GET /_ping</c>); throws <see cref="DockerUnavailableException"/> with a fix when it does not.</summary>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await _transport.SendNoContentAsync(HttpMethod.Get, new QueryString("/_ping"), null, cancellationToken).ConfigureAwait(false);
    }

    public Task<DockerVersion> GetVersionAsync(CancellationToken cancellationToken = default) =>
        _transport.GetJsonAsync(new QueryString("/version"), DockerJsonContext.Default.DockerVersion, cancellationToken);

    public void Dispose() => _transport.Dispose();
}
