using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Vibe.Docker;
using Vibe.Docker.Images;
using DockerApiException = Docker.DotNet.DockerApiException;

namespace Vibe.Grains.Tests.Fixtures;

/// <summary>
/// The real Docker daemon, shared by every test of the "workspaces" collection. When nothing answers on the default socket
/// and the process is root, it starts dockerd (and stops it at the end); when Docker is not installed every test fails
/// saying so. At the end it removes every container and network labelled with <see cref="TestRun.Id"/>.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    private DockerDaemon? _daemon;
    private IDockerClient? _client;

    public IDockerClient Client => _client ?? throw new InvalidOperationException("The fixture is not initialized.");

    public string DaemonLogPath { get; } = Path.Combine(Path.GetTempPath(), "vibe-grains-tests-dockerd.log");

    public async Task InitializeAsync()
    {
        _client = DockerEngine.Connect();
        _daemon = await DockerDaemon.EnsureRunningAsync(_client, DaemonLogPath);

        using var buildTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await BlankImage.EnsureAsync(_client, cancellationToken: buildTimeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_client is null)
        {
            return;
        }

        try
        {
            await RemoveRunResourcesAsync(_client);
        }
        catch (HttpRequestException)
        {
            // Nothing to clean up on a daemon that is gone.
        }

        _client.Dispose();
        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }
        WorkspaceSilo.RemoveRunDirectories();
    }

    /// <summary>Removes the containers and networks of this run (labelled <see cref="TestRun.Label"/>).</summary>
    public static async Task RemoveRunResourcesAsync(IDockerClient client, string? serviceId = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var labels = new Dictionary<string, bool> { [$"{TestRun.Label}={TestRun.Id}"] = true };
        var filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels };
        if (serviceId is not null)
        {
            labels[$"{Docker.Runtime.ContainerLabels.Service}={serviceId}"] = true;
        }

        foreach (var container in await client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, timeout.Token))
        {
            await IgnoreNotFound(client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, timeout.Token));
        }

        if (serviceId is null)
        {
            foreach (var network in await client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filters }, timeout.Token))
            {
                await IgnoreNotFound(client.Networks.DeleteNetworkAsync(network.ID, timeout.Token));
            }
        }
    }

    private static async Task IgnoreNotFound(Task task)
    {
        try
        {
            await task;
        }
        catch (DockerApiException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Removed, or being removed, already.
        }
    }
}
