using Vibe.Docker.Containers;
using Vibe.Docker.Errors;
using Vibe.Docker.Images;
using Vibe.Testing;

namespace Vibe.Docker.Tests.Fixtures;

/// <summary>
/// The real daemon, shared by every test of the "docker" collection. When nothing answers on the default socket and the
/// process is root, it starts dockerd and stops it at the end; when Docker is not installed every test fails saying so.
/// Everything the tests create carries <see cref="RunLabel"/> and is removed at the end.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    public const string RunLabel = "io.vibe.tests.run";

    private DockerDaemon? _daemon;
    private DockerClient? _client;

    public string RunId { get; } = Guid.NewGuid().ToString("N")[..12];

    public DockerClient Client => _client ?? throw new InvalidOperationException("The fixture is not initialized.");

    public string DaemonLogPath { get; } = Path.Combine(Path.GetTempPath(), "vibe-docker-tests-dockerd.log");

    public async Task InitializeAsync()
    {
        _client = DockerClient.FromEnvironment();
        _daemon = await DockerDaemon.EnsureRunningAsync(_client, DaemonLogPath);

        using var buildTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await BlankImage.EnsureAsync(_client, cancellationToken: buildTimeout.Token);
    }

    /// <summary>Parameters for a blank-image container labelled for cleanup, with a unique name.</summary>
    public ContainerCreateParameters Container(params string[] cmd) => new()
    {
        Name = UniqueName(),
        Image = BlankImage.Tag,
        Cmd = cmd.Length == 0 ? ["sleep", "600"] : cmd,
        Labels = new Dictionary<string, string> { [RunLabel] = RunId },
        HostConfig = new HostConfig(),
    };

    /// <summary>Creates and starts a container; returns its ID.</summary>
    public async Task<string> RunAsync(ContainerCreateParameters parameters, CancellationToken cancellationToken)
    {
        var created = await Client.Containers.CreateAsync(parameters, cancellationToken);
        await Client.Containers.StartAsync(created.Id, cancellationToken);
        return created.Id;
    }

    public string UniqueName() => $"vibe-test-{RunId}-{Guid.NewGuid().ToString("N")[..8]}";

    public async Task DisposeAsync()
    {
        if (_client is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var filters = DockerFilters.ByLabel(RunLabel, RunId);
            foreach (var container in await _client.Containers.ListAsync(all: true, filters, timeout.Token))
            {
                await IgnoreNotFound(_client.Containers.RemoveAsync(container.Id, force: true, removeVolumes: true, timeout.Token));
            }

            foreach (var network in await _client.Networks.ListAsync(filters, timeout.Token))
            {
                await IgnoreNotFound(_client.Networks.RemoveAsync(network.Id, timeout.Token));
            }
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
    }

    private static async Task IgnoreNotFound(Task task)
    {
        try
        {
            await task;
        }
        catch (DockerNotFoundException)
        {
            // Removed already (AutoRemove, or by the test).
        }
    }
}
