using Vibe.Docker;
using Vibe.Docker.Errors;
using Vibe.Docker.Images;
using Vibe.Testing;

namespace Vibe.Grains.Tests.Fixtures;

/// <summary>
/// The real Docker daemon, shared by every test of the "workspaces" collection. When nothing answers on the default socket
/// and the process is root, it starts dockerd (and stops it at the end); when Docker is not installed every test fails
/// saying so. At the end it removes every container and network labelled with <see cref="TestRun.Id"/>.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    private DockerDaemon? _daemon;
    private DockerClient? _client;

    public DockerClient Client => _client ?? throw new InvalidOperationException("The fixture is not initialized.");

    public string DaemonLogPath { get; } = Path.Combine(Path.GetTempPath(), "vibe-grains-tests-dockerd.log");

    public async Task InitializeAsync()
    {
        _client = DockerClient.FromEnvironment();
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
        catch (DockerUnavailableException)
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
    public static async Task RemoveRunResourcesAsync(DockerClient client, string? serviceId = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var filters = DockerFilters.ByLabel(TestRun.Label, TestRun.Id);
        if (serviceId is not null)
        {
            filters.Label(Docker.Runtime.ContainerLabels.Service, serviceId);
        }

        foreach (var container in await client.Containers.ListAsync(all: true, filters, timeout.Token))
        {
            await IgnoreNotFound(client.Containers.RemoveAsync(container.Id, force: true, removeVolumes: true, timeout.Token));
        }

        if (serviceId is null)
        {
            foreach (var network in await client.Networks.ListAsync(DockerFilters.ByLabel(TestRun.Label, TestRun.Id), timeout.Token))
            {
                await IgnoreNotFound(client.Networks.RemoveAsync(network.Id, timeout.Token));
            }
        }
    }

    private static async Task IgnoreNotFound(Task task)
    {
        try
        {
            await task;
        }
        catch (DockerNotFoundException)
        {
            // Removed already.
        }
        catch (DockerConflictException)
        {
            // Being removed already.
        }
    }
}
