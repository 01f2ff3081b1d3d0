using System.Globalization;
using Docker.DotNet;
using Microsoft.Extensions.Logging;
using Vibe.Docker.Errors;
using VersionResponse = Docker.DotNet.Models.VersionResponse;

namespace Vibe.Docker;

/// <summary>
/// The Docker engine Vibe runs workspaces on, through Docker.DotNet. <see cref="Connect"/> makes a client for DOCKER_HOST (else
/// the active docker context, else the local socket) with no API version pinned, so the engine answers at its own version;
/// <see cref="CheckAsync"/> then requires that version to be at least <see cref="MinimumApiVersion"/>.
/// </summary>
public static class DockerEngine
{
    /// <summary>The oldest Engine API Vibe works with: Docker 20.10's (Debian bookworm's docker.io).</summary>
    public static Version MinimumApiVersion { get; } = new(1, 41);

    /// <summary>A client for DOCKER_HOST, or <paramref name="host"/> when given (<c>unix:///path</c>, <c>tcp://host:port</c>). Thread-safe: make one per engine and share it.</summary>
    public static IDockerClient Connect(string? host = null, ILogger? logger = null)
    {
        var builder = new DockerClientBuilder();
        if (!string.IsNullOrWhiteSpace(host))
        {
            builder = builder.WithEndpoint(new Uri(host.StartsWith('/') ? "unix://" + host : host));
        }

        if (logger is not null)
        {
            builder = builder.WithLogger(logger);
        }

        return builder.Build();
    }

    /// <summary>
    /// Checks that the engine answers and speaks <see cref="MinimumApiVersion"/> or newer. Throws <see cref="DockerUnavailableException"/>
    /// saying how to fix it when no engine answers or the engine is too old.
    /// </summary>
    public static async Task CheckAsync(IDockerClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var endpoint = client.Options.Endpoint;
        VersionResponse version;
        try
        {
            version = await client.System.GetVersionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DockerErrors.Translate(ex, endpoint) is { } translated)
        {
            throw translated;
        }

        if (!Version.TryParse(version.APIVersion, out var apiVersion) || apiVersion < MinimumApiVersion)
        {
            throw new DockerUnavailableException(
                endpoint.ToString(),
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The Docker engine at {endpoint} is too old: it speaks Engine API {version.APIVersion} (Docker {version.Version}), and Vibe needs {MinimumApiVersion} (Docker 20.10) or newer. Upgrade it, or set DOCKER_HOST to a newer engine."));
        }
    }
}
